package dev.uptake.scoring;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Logins per user per week in the weeks before each renewal, and the level of it that best separates the accounts
 * that renewed from those that churned: a health threshold read from the tenant's own renewal history.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "LoginThreshold")
public record LoginThreshold(
        @Schema(description = "The renewals measured: those dated in this window") Window window,
        @Schema(description = "Logins are counted over this many days before each renewal", example = "28") int windowDays,
        @Schema(description = "Renewals measured (an account with no user who joined before those days has no rate)", example = "240") long renewals,
        @Schema(description = "Renewals left out for want of such a user", example = "3") long unmeasured,
        @Schema(description = "Logins per user per week from which accounts are predicted to renew; absent without renewals", example = "2.06") Double threshold,
        @Schema(description = "Renewals on the predicted side of it: renewed at or above, churned below", example = "232") long separated,
        @Schema(description = "separated ÷ renewals, in percent", example = "96.7") double accuracy,
        Side below,
        Side atOrAbove,
        @Schema(description = "Median logins per user per week of renewed accounts", example = "3.1") Double renewedMedian,
        @Schema(description = "Median logins per user per week of churned accounts", example = "1.2") Double churnedMedian,
        @Schema(description = "How well the threshold asked for (threshold=) separates, when one was") Evaluated evaluated) {

    /** The renewals on one side of the threshold. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ThresholdSide")
    public record Side(@Schema(example = "80") long renewals, @Schema(example = "6") long renewed,
            @Schema(description = "Percent renewed; absent when empty", example = "7.5") Double rate) {
    }

    /** A given threshold's separation. */
    @Schema(name = "EvaluatedThreshold")
    public record Evaluated(@Schema(example = "2.0") double threshold, @Schema(example = "230") long separated,
            @Schema(example = "95.8") double accuracy) {
    }
}
