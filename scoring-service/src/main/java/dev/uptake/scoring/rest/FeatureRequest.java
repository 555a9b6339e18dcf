package dev.uptake.scoring.rest;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of {@code PUT /v1/features/{key}}. */
@Schema(name = "FeatureRequest")
public record FeatureRequest(
        @Schema(description = "Optional; must equal the key in the path (so a feature read with GET can be PUT back)", example = "reports") String key,
        @NotBlank @Size(max = 200) @Schema(example = "Reports") String name,
        @NotEmpty @Size(max = 50) @Schema(description = "Events that count as using the feature") List<@Valid @NotNull EventMatchRequest> events,
        @NotNull @Pattern(regexp = "core|advanced|specialized") @Schema(example = "core") String category,
        @DecimalMin("0") @DecimalMax("100") @Schema(description = "Percent; defaults to 80 / 40 / 20 by category", example = "80") Double adoptionTarget,
        @Pattern(regexp = "high|medium|low") @Schema(description = "Defaults to medium", example = "high") String impact,
        @Size(max = 4) @Schema(example = "[\"value-driver\",\"sticky\"]") List<@NotNull @Pattern(regexp = "value-driver|sticky|expansion|differentiator") String> tags,
        @Size(max = 4) @Schema(description = "Roles it is meant for; empty means everyone", example = "[\"admin\",\"manager\"]") List<@NotNull @Pattern(regexp = "admin|end-user|manager|executive") String> roles,
        @Size(max = 10) @Schema(description = "Ordered depth levels, shallow to deep") List<@Valid @NotNull DepthLevelRequest> depthLevels,
        @Schema(description = "The events only show presence (a login), never feature use") boolean activityOnly) {

    /** An event name, optionally with a property that must have a given value. */
    @Schema(name = "EventMatch")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EventMatchRequest(@NotBlank @Size(max = 200) @Schema(example = "Report Built") String event,
            @Size(max = 100) @Schema(example = "format") String property,
            @Size(max = 200) @Schema(example = "pdf") String value) {
    }

    /** A depth level: the events that reach it and its weight in percent. */
    @Schema(name = "DepthLevel")
    public record DepthLevelRequest(@NotBlank @Size(max = 50) @Schema(example = "basic") String name,
            @NotEmpty List<@NotBlank String> events,
            @Min(0) @Max(100) @Schema(example = "40") int weight) {
    }
}
