package dev.uptake.campaign.signal.rest;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.uptake.contracts.SubjectType;

/** A received signal as the API shows it: the contract's fields, with the same names, plus {@code receivedAt}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Signal")
public record SignalView(
        @Schema(example = "9f2c4e61a0b35d7e8c1f02a4b6d8e0f1") String signalId,
        @Schema(example = "1") int schemaVersion,
        @Schema(example = "t-acme") String tenantId,
        @Schema(example = "account") SubjectType subjectType,
        @Schema(example = "acme") String subjectId,
        @Schema(description = "What changed: lifecycle, segment, health, milestone, ...", example = "lifecycle") String kind,
        @Schema(description = "The state before; absent when there was none", example = "new") String from,
        @Schema(description = "The state after", example = "active") String to,
        @Schema(description = "When the transition happened", example = "2026-11-23T10:00:00Z") Instant at,
        @Schema(description = "From backfilled or replayed data: recorded, never fires playbooks") boolean historical,
        @Schema(description = "When campaign-service received it", example = "2026-11-23T10:00:01.204Z") Instant receivedAt) {
}
