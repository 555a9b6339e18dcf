package dev.uptake.scoring.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.uptake.scoring.Feature;
import dev.uptake.scoring.UsageMetrics;
import dev.uptake.scoring.Window;
import dev.uptake.scoring.config.ScoringConfig;

/** The metric rules on small hand-made histories, where each expected figure can be counted by eye. */
class UsageCalculatorTest {

    private static final LocalDate AS_OF = LocalDate.parse("2026-06-30");
    private static final Window LAST_30 = Window.lastDays(AS_OF, 30);

    @Test
    void shouldFlagUtilizationAgainstSeats() {
        List<UsageCalculator.Day> nineActive = new ArrayList<>();
        for (int user = 0; user < 9; user++) {
            nineActive.add(day("u" + user, 3, Map.of("Report Built", 1L)));
        }
        assertThat(utilization(nineActive, 10L)).extracting(UsageMetrics.Utilization::flag, UsageMetrics.Utilization::rate)
                .containsExactly("near-capacity", 0.9);
        assertThat(utilization(nineActive.subList(0, 8), 10L).flag()).isEqualTo("healthy");
        assertThat(utilization(nineActive.subList(0, 4), 10L).flag()).isEqualTo("healthy");
        assertThat(utilization(nineActive.subList(0, 3), 10L).flag()).isEqualTo("under-used");
        assertThat(utilization(nineActive, null)).extracting(UsageMetrics.Utilization::flag, UsageMetrics.Utilization::rate)
                .containsExactly("unknown", null);
        // Activity older than 30 days does not count as using a seat.
        assertThat(utilization(List.of(day("old", 45, Map.of("Report Built", 1L))), 1L).activeUsers()).isZero();
    }

    @Test
    void shouldCountPropertyMatchedUseOnlyForItsFeature() {
        Feature csv = feature("csv-exports", List.of(new Feature.EventMatch("Exported", "format", "csv")), List.of());
        Feature exports = feature("exports", List.of(new Feature.EventMatch("Exported", null, null)), List.of());
        List<UsageCalculator.Day> days = List.of(
                day("a", 1, Map.of("Exported", 3L, "?Exported|format=csv", 2L)),
                day("b", 2, Map.of("Exported", 1L)));

        UsageMetrics metrics = compute(days, List.of(csv, exports), userId -> null);

        assertThat(metrics.features()).extracting(UsageMetrics.FeatureUsage::key, UsageMetrics.FeatureUsage::uses,
                UsageMetrics.FeatureUsage::users).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("csv-exports", 2L, 1L),
                        org.assertj.core.groups.Tuple.tuple("exports", 4L, 2L));
    }

    @Test
    void shouldShareUsersAmongTheFrequencyBands() {
        List<UsageCalculator.Day> days = new ArrayList<>();
        for (int d = 0; d < 20; d++) {
            days.add(day("daily", d, Map.of("Report Built", 1L)));
        }
        for (int d = 0; d < 8; d++) {
            days.add(day("frequent", d, Map.of("Report Built", 1L)));
        }
        days.add(day("occasional", 0, Map.of("Report Built", 1L)));

        UsageMetrics.Frequency frequency = UsageCalculator.compute(LAST_30, List.of("daily", "frequent", "occasional",
                "idle"), days, List.of(), List.of(), null, false, config(), userId -> null).frequency();

        assertThat(frequency.shares()).containsExactly(Map.entry("daily", 25.0), Map.entry("frequent", 25.0),
                Map.entry("occasional", 25.0), Map.entry("inactive", 25.0));
    }

    @Test
    void shouldAverageEachUsersBreadthOverTheFeaturesOfTheirRole() {
        Feature reports = feature("reports", List.of(new Feature.EventMatch("Report Built", null, null)), List.of());
        Feature console = feature("console", List.of(new Feature.EventMatch("Settings Changed", null, null)),
                List.of("admin"));
        List<UsageCalculator.Day> days = List.of(day("admin-1", 1, Map.of("Report Built", 1L)),
                day("user-1", 1, Map.of("Report Built", 1L)));

        UsageMetrics.Breadth breadth = UsageCalculator.breadth(List.of(reports, console), days,
                userId -> userId.startsWith("admin") ? "admin" : "end-user");

        // The admin used 1 of their 2 features, the end user 1 of their 1: 75 % on average; the population 1 of 2.
        assertThat(breadth.averageUserPercent()).isEqualTo(75.0);
        assertThat(breadth.percent()).isEqualTo(50.0);
    }

    private static UsageMetrics.Utilization utilization(List<UsageCalculator.Day> days, Long seats) {
        return UsageCalculator.compute(LAST_30, List.of(), days, List.of(), List.of(), seats, true, config(),
                userId -> null).utilization();
    }

    @Test
    void shouldCountDailyWeeklyAndMonthlyActiveUsersOfEachDayOfTheWindow() {
        java.util.Random random = new java.util.Random(7);
        List<UsageCalculator.Day> days = new ArrayList<>();
        for (int user = 0; user < 40; user++) {
            for (int daysAgo = 0; daysAgo < 130; daysAgo++) {
                if (random.nextInt(100) < 4 + user) {
                    // Days without events (only identify calls, say) never make a user active.
                    days.add(day("u" + user, daysAgo, random.nextInt(8) == 0 ? Map.of() : Map.of("Report Built", 1L)));
                }
            }
        }
        for (int length : new int[] {1, 7, 30, 90}) {
            Window window = Window.lastDays(AS_OF.minusDays(3), length);
            UsageMetrics.Engagement engagement = UsageCalculator.engagement(window, days);
            assertThat(engagement.series()).hasSize(length);
            for (UsageMetrics.DailyActive point : engagement.series()) {
                assertThat(List.of(point.dau(), point.wau(), point.mau())).as(length + " days, " + point.day())
                        .containsExactly(activeIn(days, point.day(), 1), activeIn(days, point.day(), 7),
                                activeIn(days, point.day(), 30));
            }
            UsageMetrics.DailyActive last = engagement.series().get(length - 1);
            assertThat(last.day()).isEqualTo(window.to());
            assertThat(engagement.mau()).isEqualTo(last.mau()).isPositive();
        }
    }

    /** The definition, counted the slow way: distinct users with events in the {@code span} days ending on {@code day}. */
    private static long activeIn(List<UsageCalculator.Day> days, LocalDate day, int span) {
        return days.stream().filter(d -> d.events() > 0 && !d.day().isAfter(day) && d.day().isAfter(day.minusDays(span)))
                .map(UsageCalculator.Day::userId).distinct().count();
    }

    private static UsageMetrics compute(List<UsageCalculator.Day> days, List<Feature> features,
            java.util.function.Function<String, String> roleOf) {
        return UsageCalculator.compute(LAST_30, List.of(), days, List.of(), features, null, false, config(), roleOf);
    }

    private static UsageCalculator.Day day(String user, int daysAgo, Map<String, Long> counts) {
        return new UsageCalculator.Day(user, "acme", AS_OF.minusDays(daysAgo),
                counts.entrySet().stream().filter(e -> !e.getKey().startsWith("?")).mapToLong(Map.Entry::getValue).sum(),
                counts);
    }

    private static Feature feature(String key, List<Feature.EventMatch> events, List<String> roles) {
        return new Feature(key, key, events, "core", 80, "high", List.of(), roles, List.of(), false);
    }

    private static ScoringConfig config() {
        return new ScoringConfig() {
            public String outboxRelayInterval() { return "5s"; }
            public Duration sessionTimeout() { return Duration.ofMinutes(30); }
            public Traits traits() { return null; }
            public Frequency frequency() {
                return new Frequency() {
                    public int dailyMinDays() { return 20; }
                    public int frequentMinDays() { return 8; }
                };
            }
            public Utilization utilization() {
                return new Utilization() {
                    public double nearCapacity() { return 0.9; }
                    public double underUsed() { return 0.4; }
                };
            }
            public Segments segments() { return new SegmentRulesTest.Defaults(); }
            public int concurrentAnalyses() { return 2; }
        };
    }
}
