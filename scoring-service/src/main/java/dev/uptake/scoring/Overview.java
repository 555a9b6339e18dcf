package dev.uptake.scoring;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Tenant-wide usage with the distributions across accounts and sessions. */
@Schema(name = "Overview")
public record Overview(
        @Schema(description = "Accounts matching the filters", example = "42") long accounts,
        UsageMetrics usage,
        @Schema(description = "Accounts per license utilization flag", example = "{\"near-capacity\":3,\"healthy\":30,\"under-used\":7,\"unknown\":2}") Map<String, Long> utilization,
        @Schema(description = "Sessions per duration bucket", example = "{\"under-5m\":80,\"5-30m\":120,\"30-60m\":30,\"over-60m\":10}") Map<String, Long> sessionDurations) {
}
