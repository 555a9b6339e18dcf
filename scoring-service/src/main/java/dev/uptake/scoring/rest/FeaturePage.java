package dev.uptake.scoring.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One page of catalog features; {@code nextCursor} is absent on the last page. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "FeaturePage")
public record FeaturePage(List<FeatureView> items, @Schema(example = "cmVwb3J0cw") String nextCursor) {
}
