package dev.uptake.scoring;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** How far one feature is adopted by its target population over a window. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Adoption")
public record Adoption(
        @Schema(example = "reports") String key,
        Window window,
        @Schema(description = "Users active in the window whose role the feature is meant for", example = "40") long targetUsers,
        @Schema(example = "25") long adopters,
        @Schema(description = "Percent of the target users who used the feature", example = "62.5") double adoptionRate,
        @Schema(description = "Percent of active accounts with at least one adopter", example = "75") double accountAdoptionRate,
        @Schema(description = "Adopters by how often they use it: daily, weekly, monthly", example = "{\"daily\":5,\"weekly\":12,\"monthly\":8}") Map<String, Long> adopterFrequency,
        @Schema(description = "Adopters by deepest level reached (none when below every level)", example = "{\"basic\":10,\"advanced\":15}") Map<String, Long> depthDistribution,
        @Schema(description = "Mean depth weight over adopters, in percent", example = "64") Double averageDepth,
        List<WeeklyRate> weeklyTrend,
        @Schema(example = "80") double target,
        @Schema(description = "Target minus adoption rate, in points", example = "17.5") double gap,
        @Schema(description = "Target users who have not used it, by account tier", example = "{\"enterprise\":4,\"smb\":11}") Map<String, Long> nonAdoptersByTier,
        @Schema(description = "Target users who have not used it, by role", example = "{\"admin\":2,\"end-user\":13}") Map<String, Long> nonAdoptersByRole,
        @Schema(description = "promote, maintain, monitor or deprioritize", example = "promote") String priority) {

    /** Adoption among users active in one week of the window (the last week ends on the window's last day). */
    @Schema(name = "WeeklyRate")
    public record WeeklyRate(@Schema(example = "2026-11-17") LocalDate from, @Schema(example = "2026-11-23") LocalDate to,
            @Schema(example = "20") long activeUsers, @Schema(example = "12") long adopters,
            @Schema(example = "60") double rate) {
    }
}
