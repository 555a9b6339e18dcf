package dev.uptake.scoring.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.uptake.scoring.Feature;

/** A catalog feature as the API shows it, with its current adoption when listed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Feature")
public record FeatureView(
        @Schema(example = "reports") String key,
        @Schema(example = "Reports") String name,
        List<FeatureRequest.EventMatchRequest> events,
        @Schema(example = "core") String category,
        @Schema(description = "Percent of the relevant population", example = "80") double adoptionTarget,
        @Schema(example = "high") String impact,
        List<String> tags,
        List<String> roles,
        List<FeatureRequest.DepthLevelRequest> depthLevels,
        boolean activityOnly,
        @Schema(description = "Percent of the relevant users using it in the last 30 days (lists only)", example = "62.5") Double adoption,
        @Schema(description = "Target minus adoption, in points (lists only)", example = "17.5") Double gap,
        @Schema(description = "promote, maintain, monitor or deprioritize (lists only)", example = "promote") String priority) {

    static FeatureView from(Feature feature) {
        return from(feature, null, null, null);
    }

    static FeatureView from(Feature feature, Double adoption, Double gap, String priority) {
        return new FeatureView(feature.key(), feature.name(), feature.events().stream()
                .map(match -> new FeatureRequest.EventMatchRequest(match.event(), match.property(), match.value())).toList(),
                feature.category(), feature.adoptionTarget(), feature.impact(), feature.tags(), feature.roles(),
                feature.depthLevels().stream()
                        .map(level -> new FeatureRequest.DepthLevelRequest(level.name(), level.events(), level.weight()))
                        .toList(),
                feature.activityOnly(), adoption, gap, priority);
    }

    static Feature toFeature(String key, FeatureRequest request) {
        List<Feature.EventMatch> events = request.events().stream()
                .map(match -> new Feature.EventMatch(match.event(), match.property(), match.value())).toList();
        List<Feature.DepthLevel> levels = request.depthLevels() == null ? List.of() : request.depthLevels().stream()
                .map(level -> new Feature.DepthLevel(level.name(), level.events(), level.weight())).toList();
        return new Feature(key, request.name(), events, request.category(),
                request.adoptionTarget() != null ? request.adoptionTarget() : Feature.defaultTarget(request.category()),
                request.impact() != null ? request.impact() : "medium",
                request.tags() == null ? List.of() : request.tags(), request.roles() == null ? List.of() : request.roles(),
                levels, request.activityOnly());
    }
}
