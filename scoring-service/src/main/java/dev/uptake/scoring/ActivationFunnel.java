package dev.uptake.scoring;

import java.time.LocalDate;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** How far the users who signed up in a period got, step by step, from signing up to using the product daily. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "ActivationFunnel")
public record ActivationFunnel(
        @Schema(description = "Activity is read from this window") Window window,
        @Schema(description = "First signup day of the cohort", example = "2025-12-01") LocalDate signedUpFrom,
        @Schema(description = "Last signup day of the cohort: minAgeDays before the window's end, so every step had time", example = "2026-08-22") LocalDate signedUpTo,
        @Schema(example = "100") int minAgeDays,
        List<Step> steps) {

    /** One step: the users who reached it, as a share of the step before and of everyone who signed up. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "FunnelStep")
    public record Step(
            @Schema(example = "logged-in") String step,
            @Schema(example = "first login within 7 days of signing up") String description,
            @Schema(example = "412") long users,
            @Schema(description = "Percent of the step before; absent for the first step", example = "40.2") Double conversion,
            @Schema(description = "Percent of the users who signed up", example = "40.2") double overall) {
    }
}
