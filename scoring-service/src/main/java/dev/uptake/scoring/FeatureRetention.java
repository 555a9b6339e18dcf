package dev.uptake.scoring;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Retention of a feature's adopters against its non-adopters, among the users who were established by the end of the
 * window: first active long enough before it to have adopted (or lapsed), and back within a few days of that start.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "FeatureRetention")
public record FeatureRetention(
        @Schema(example = "forecasting") String key,
        Window window,
        @Schema(description = "The depth level from which a user counts as an adopter; absent when any use counts", example = "used") String minLevel,
        Cohort cohort,
        @Schema(description = "Established users in the cohort", example = "1120") long established,
        @Schema(description = "Percent of the established users who adopted the feature", example = "37.1") double adoptionRate,
        Group adopters,
        Group nonAdopters,
        @Schema(description = "Adopters' retention minus non-adopters', in points; absent when either group is empty", example = "26.3") Double lift,
        @Schema(description = "Adopters' retention divided by non-adopters'", example = "1.39") Double relativeRetention,
        @Schema(description = "Two-sided p-value of the difference (two-proportion z-test)", example = "0.0001") Double pValue,
        @Schema(description = "Whether the difference is significant at the 5 % level", example = "true") Boolean significant) {

    /** Who was measured, and what retained means. */
    @Schema(name = "RetentionCohort")
    public record Cohort(
            @Schema(description = "First active day at least this many days before the window's end", example = "120") int minTenureDays,
            @Schema(description = "Active again within this many days of the first active day", example = "14") int returnWithinDays,
            @Schema(description = "Retained: active in the window's last this many days", example = "30") int retentionDays,
            @Schema(description = "Whether users of accounts churned by the window's end were left out", example = "true") boolean churnedAccountsExcluded) {
    }

    /** One side of the comparison. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "RetentionGroup")
    public record Group(
            @Schema(example = "415") long users,
            @Schema(example = "390") long retained,
            @Schema(description = "Percent retained; absent for an empty group", example = "94.0") Double rate,
            @Schema(description = "95 % Wilson interval of the rate, in percent", example = "[91.3, 95.9]") double[] interval95) {
    }
}
