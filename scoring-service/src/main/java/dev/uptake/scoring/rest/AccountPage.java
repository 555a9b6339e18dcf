package dev.uptake.scoring.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One page of accounts; {@code nextCursor} is absent on the last page. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "AccountPage")
public record AccountPage(List<AccountView> items, @Schema(example = "YWNtZQ") String nextCursor) {
}
