package dev.uptake.scoring.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One page of users; {@code nextCursor} is absent on the last page. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "UserPage")
public record UserPage(List<UserView> items, @Schema(example = "dS00Mg") String nextCursor) {
}
