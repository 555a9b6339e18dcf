package dev.uptake.scoring;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Renewal rate by how much an account used a feature in the days before each renewal. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "FeatureRenewals")
public record FeatureRenewals(
        @Schema(example = "forecasting") String key,
        @Schema(description = "The renewals counted: those dated in this window") Window window,
        @Schema(description = "The depth level from which events count as uses; absent when every event of the feature counts", example = "used") String minLevel,
        @Schema(description = "Uses are counted over this many days before each renewal date", example = "30") int usageDays,
        @Schema(example = "412") long renewals,
        @Schema(description = "Renewals not churned (renewed, expanded or any other outcome)", example = "268") long renewed,
        @Schema(description = "Percent renewed; absent without renewals", example = "65.0") Double rate,
        @Schema(description = "The no-use band first, then the requested bands") List<Band> bands) {

    /** Renewals of accounts whose use fell in one band. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "RenewalBand")
    public record Band(
            @Schema(example = "6-10") String band,
            @Schema(example = "6") int minUses,
            @Schema(description = "Absent for the open-ended last band", example = "10") Integer maxUses,
            @Schema(example = "88") long renewals,
            @Schema(example = "53") long renewed,
            @Schema(description = "Percent renewed; absent for an empty band", example = "60.2") Double rate,
            @Schema(description = "95 % Wilson interval of the rate, in percent", example = "[49.8, 69.8]") double[] interval95) {
    }
}
