package dev.uptake.scoring;

import java.time.LocalDate;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The five usage metrics for one population (an account, or the whole tenant) over one window. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "UsageMetrics")
public record UsageMetrics(Window window, Frequency frequency, SessionStats sessions, List<FeatureUsage> features,
        Engagement engagement, Utilization utilization, Breadth breadth) {

    /** How many of the catalog's usage features (activity-only ones excluded) were used in the window. */
    @Schema(name = "Breadth")
    public record Breadth(@Schema(example = "7") long featuresUsed, @Schema(example = "12") long featuresInCatalog,
            @Schema(example = "58.3") double percent,
            @Schema(description = "Mean of each active user's own breadth, in percent", example = "31.2") Double averageUserPercent) {
    }

    /** Users per usage frequency band, by active days in the window. */
    @Schema(name = "FrequencyBands")
    public record Frequency(@Schema(example = "4") long daily, @Schema(example = "9") long frequent,
            @Schema(example = "12") long occasional, @Schema(example = "3") long inactive,
            @Schema(description = "Active days needed for daily, scaled to the window", example = "20") int dailyMinDays,
            @Schema(description = "Active days needed for frequent, scaled to the window", example = "8") int frequentMinDays,
            @Schema(description = "Percent of the users in each band", example = "{\"daily\":14.3,\"frequent\":32.1,\"occasional\":42.9,\"inactive\":10.7}")
            java.util.Map<String, Double> shares) {
    }

    @Schema(name = "SessionStats")
    public record SessionStats(@Schema(example = "240") long count,
            @Schema(example = "1260.5") double averageDurationSeconds,
            @Schema(example = "900") double medianDurationSeconds,
            @Schema(description = "Sessions per user active in the window", example = "9.6") double perActiveUser) {
    }

    /** Uses and distinct users of one catalog feature in the window. */
    @Schema(name = "FeatureUsage")
    public record FeatureUsage(@Schema(example = "reports") String key, @Schema(example = "Reports") String name,
            @Schema(example = "311") long uses, @Schema(example = "17") long users) {
    }

    /** DAU, WAU and MAU as of the window's last day, stickiness and the daily series. */
    @Schema(name = "Engagement")
    public record Engagement(@Schema(example = "11") long dau, @Schema(example = "19") long wau,
            @Schema(example = "25") long mau,
            @Schema(description = "Average DAU in the window divided by MAU", example = "0.42") double stickiness,
            List<DailyActive> series) {
    }

    @Schema(name = "DailyActive")
    public record DailyActive(@Schema(example = "2026-11-23") LocalDate day, @Schema(example = "11") long dau,
            @Schema(example = "19") long wau, @Schema(example = "25") long mau) {
    }

    /** Users active in the 30 days up to the window's end, against licensed seats. */
    @Schema(name = "Utilization")
    public record Utilization(@Schema(example = "46") long activeUsers, @Schema(example = "50") Long seats,
            @Schema(example = "0.92") Double rate,
            @Schema(description = "near-capacity, healthy, under-used, or unknown without seats", example = "near-capacity") String flag) {
    }
}
