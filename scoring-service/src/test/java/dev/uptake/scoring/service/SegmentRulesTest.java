package dev.uptake.scoring.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.uptake.scoring.Feature;
import dev.uptake.scoring.config.ScoringConfig;

class SegmentRulesTest {

    private static final LocalDate TODAY = LocalDate.parse("2026-06-30");
    private static final Instant NOW = TODAY.atTime(12, 0).toInstant(ZoneOffset.UTC);
    private static final SegmentRules RULES = new SegmentRules(new Defaults());

    /** The configuration's defaults, as the issue states them. */
    static final class Defaults implements ScoringConfig.Segments {
        public int powerMinActiveDays() { return 8; }
        public int powerMinBreadthPercent() { return 60; }
        public int atRiskMaxActiveDays() { return 2; }
        public int atRiskDeclinePercent() { return 30; }
        public int atRiskBreadthBelowPercent() { return 30; }
        public int dormantSilentDays() { return 30; }
        public String reevaluateEvery() { return "off"; }
    }

    private static final List<Feature> CATALOG = List.of(feature("reports", "Report Built", List.of()),
            feature("dashboards", "Dashboard Viewed", List.of()), feature("exports", "Exported", List.of()),
            feature("admin-console", "Settings Changed", List.of("admin")), feature("login", "Logged In", List.of(), true));

    @Test
    void shouldCallASubjectThatWasNeverActiveNew() {
        assertThat(RULES.segment(subject(Set.of(), Map.of(), null), NOW, CATALOG)).isEqualTo("new");
    }

    @Test
    void shouldCallASubjectSilentFor30DaysDormant() {
        Set<String> days = daysAgo(30, 31, 40, 45, 50, 55, 58);
        assertThat(RULES.segment(subject(days, Map.of(), null), NOW, List.of())).isEqualTo("dormant");
        assertThat(RULES.segment(subject(daysAgo(29, 40, 45), Map.of(), null), NOW, List.of())).isEqualTo("at-risk");
    }

    @Test
    void shouldMakeFrequentBroadUsersPowerAndNarrowOnesCasual() {
        Set<String> frequent = daysAgo(IntStream.rangeClosed(0, 9).toArray()); // 10 of the last 30 days
        frequent.addAll(daysAgo(IntStream.rangeClosed(30, 39).toArray()));  // and as many the month before
        Map<String, String> broad = used("Report Built", 1, "Dashboard Viewed", 3, "Exported", 20);
        Map<String, String> twoOfThree = used("Report Built", 1, "Dashboard Viewed", 3, "Exported", 45);
        Map<String, String> oneOfThree = used("Report Built", 1, "Dashboard Viewed", 35, "Exported", 45);

        // An end user's relevant features are reports, dashboards and exports; an admin's also the admin console.
        assertThat(RULES.segment(subject(frequent, broad, "end-user"), NOW, CATALOG)).isEqualTo("power");
        assertThat(RULES.segment(subject(frequent, broad, "admin"), NOW, CATALOG)).isEqualTo("power");      // 75 %
        assertThat(RULES.segment(subject(frequent, twoOfThree, "end-user"), NOW, CATALOG)).isEqualTo("power"); // 67 %
        assertThat(RULES.segment(subject(frequent, twoOfThree, "admin"), NOW, CATALOG)).isEqualTo("casual"); // 50 %
        assertThat(RULES.segment(subject(frequent, oneOfThree, "end-user"), NOW, CATALOG)).isEqualTo("casual"); // 33 %
        assertThat(RULES.segment(subject(frequent, oneOfThree, "admin"), NOW, CATALOG)).isEqualTo("at-risk"); // 25 %
    }

    @Test
    void shouldFlagFallingRareOrNarrowUseAsAtRisk() {
        Map<String, String> broad = used("Report Built", 1, "Dashboard Viewed", 3, "Exported", 2);
        Set<String> falling = daysAgo(0, 2, 4, 6, 8, 10, 12);                  // 7 days now...
        falling.addAll(daysAgo(IntStream.rangeClosed(30, 39).toArray()));     // ...against 10: down 30 %
        Set<String> steady = daysAgo(0, 2, 4, 6, 8, 10, 12, 14);              // 8 days now...
        steady.addAll(daysAgo(IntStream.rangeClosed(30, 39).toArray()));      // ...against 10: down 20 %
        Set<String> rare = daysAgo(3, 17, 45, 80);                            // 2 days in the last 30
        Map<String, String> narrow = used("Report Built", 1, "Exported", 70);  // 1 of 3 features: 33 %...
        Map<String, String> narrower = used("Report Built", 1);                // ...and 1 of 4 for an admin: 25 %

        assertThat(RULES.segment(subject(falling, broad, null), NOW, CATALOG)).isEqualTo("at-risk");
        assertThat(RULES.segment(subject(steady, broad, null), NOW, CATALOG)).isEqualTo("power");
        assertThat(RULES.segment(subject(rare, broad, null), NOW, CATALOG)).isEqualTo("at-risk");
        assertThat(RULES.segment(subject(steady, narrow, "end-user"), NOW, CATALOG)).isEqualTo("casual");
        assertThat(RULES.segment(subject(steady, narrower, "admin"), NOW, CATALOG)).isEqualTo("at-risk");
    }

    @Test
    void shouldNotJudgeASubjectAtRiskBeforeItsFirstMonthIsOver() {
        Set<String> young = daysAgo(0, 5);
        assertThat(RULES.segment(subject(young, Map.of(), null), NOW, CATALOG)).isEqualTo("casual");
        Set<String> settled = daysAgo(0, 5, 30);
        assertThat(RULES.segment(subject(settled, Map.of(), null), NOW, CATALOG)).isEqualTo("at-risk");
    }

    @Test
    void shouldMeasureBreadthOverTheRolesFeaturesIgnoringLogins() {
        Map<String, String> used = used("Report Built", 0, "Logged In", 0, "Settings Changed", 29, "Exported", 30);
        assertThat(SegmentRules.breadth(subject(Set.of(), used, "end-user"), TODAY, CATALOG)).isEqualTo(1.0 / 3);
        assertThat(SegmentRules.breadth(subject(Set.of(), used, "admin"), TODAY, CATALOG)).isEqualTo(2.0 / 4);
        assertThat(SegmentRules.breadth(subject(Set.of(), used, null), TODAY, CATALOG)).isEqualTo(2.0 / 4);
        assertThat(SegmentRules.breadth(subject(Set.of(), used, null), TODAY, List.of())).isNull();
        Feature byProperty = new Feature("csv", "CSV exports", List.of(new Feature.EventMatch("Exported", "format", "csv")),
                "core", 80, "high", List.of(), List.of(), List.of(), false);
        assertThat(SegmentRules.breadth(subject(Set.of(), Map.of("?Exported|format=csv", TODAY.toString()), null),
                TODAY, List.of(byProperty))).isEqualTo(1.0);
    }

    @Test
    void shouldDateSilenceDrivenChangesIndependentlyOfWhenTheyAreFound() {
        Instant lastActive = NOW.minusSeconds(40L * 86_400);
        SegmentRules.Subject silent = new SegmentRules.Subject(null, lastActive, daysAgo(40), null, Map.of());
        assertThat(RULES.changedAt(silent, "dormant", NOW)).isEqualTo(lastActive.plusSeconds(30L * 86_400));
        assertThat(RULES.changedAt(silent, "at-risk", NOW)).isEqualTo(TODAY.atStartOfDay(ZoneOffset.UTC).toInstant());
        assertThat(RULES.changedAt(silent, "at-risk", NOW.plusSeconds(3600)))
                .isEqualTo(RULES.changedAt(silent, "at-risk", NOW));
    }

    @Test
    void shouldGrowASubjectWithoutChangingTheOneItCameFrom() {
        Set<String> year = daysAgo(IntStream.rangeClosed(31, 395).toArray()); // a year of daily use, then silence
        SegmentRules.Subject before = subject(year, used("Report Built", 40), null);
        assertThat(RULES.segment(before, NOW, List.of())).isEqualTo("dormant");

        SegmentRules.Subject again = before.with(null, null, null, Set.of(TODAY.minusDays(40).toString()), null,
                used("Report Built", 45));
        assertThat(again.activeDays()).isSameAs(before.activeDays());
        assertThat(again.lastUsed()).isSameAs(before.lastUsed());

        Instant today = NOW.minusSeconds(3600);
        SegmentRules.Subject after = before.with(today, null, today, Set.of(TODAY.toString()), null,
                used("Report Built", 0));
        assertThat(after.activeDays()).hasSize(366).startsWith(TODAY.minusDays(395).toString())
                .endsWith(TODAY.toString());
        assertThat(after.lastUsed()).containsEntry("Report Built", TODAY.toString());
        assertThat(before.activeDays()).hasSize(365).doesNotContain(TODAY.toString());
        assertThat(before.lastUsed()).containsEntry("Report Built", TODAY.minusDays(40).toString());
        // One active day in the last 30 against none the month before, after a year: at-risk (rare use).
        assertThat(RULES.segment(after, NOW, List.of())).isEqualTo("at-risk");
        assertThat(after.activatedOn()).isEqualTo(TODAY.minusDays(395));
    }

    @Test
    void shouldJudgeASubjectFromItsLastKeptDaysAndItsFirstDayAsFromItsWholeHistory() {
        Instant later = NOW.plusSeconds(20L * 86_400);
        SegmentRules.Subject daily = subject(daysAgo(IntStream.rangeClosed(0, 364).toArray()), Map.of(), null);
        SegmentRules.Subject stored = asStored(daily);
        assertThat(stored.activeDays()).hasSize(SegmentRules.KEPT_DAYS)
                .startsWith(TODAY.minusDays(SegmentRules.KEPT_DAYS - 1).toString());
        assertThat(stored.activatedOn()).isEqualTo(TODAY.minusDays(364));
        assertThat(RULES.segment(stored, NOW, List.of())).isEqualTo(RULES.segment(daily, NOW, List.of()))
                .isEqualTo("power");
        // Twenty days later with no use since, the window before still counts its full 30 days: a fall either way.
        assertThat(RULES.segment(stored, later, List.of())).isEqualTo(RULES.segment(daily, later, List.of()))
                .isEqualTo("at-risk");

        // Sparse use: the last 60 active days reach further back than the two windows, so they lose nothing either.
        SegmentRules.Subject sparse = subject(daysAgo(IntStream.iterate(0, ago -> ago < 365, ago -> ago + 3).toArray()),
                Map.of(), null);
        for (Instant when : List.of(NOW, later, NOW.plusSeconds(40L * 86_400))) {
            assertThat(RULES.segment(asStored(sparse), when, List.of())).isEqualTo(RULES.segment(sparse, when, List.of()));
        }

        // A backfilled day older than those kept moves the first active day.
        SegmentRules.Subject backfilled = stored.with(null, null, null, daysAgo(400), null, Map.of());
        assertThat(backfilled.firstActiveDay()).isEqualTo(TODAY.minusDays(400).toString());
    }

    /** The subject as its document keeps it: the last KEPT_DAYS active days, and the first one apart. */
    private static SegmentRules.Subject asStored(SegmentRules.Subject subject) {
        List<String> kept = subject.activeDays().descendingSet().stream().limit(SegmentRules.KEPT_DAYS).sorted().toList();
        return SegmentRules.Subject.of(new org.bson.Document("activeDays", kept)
                .append("firstActiveDay", subject.firstActiveDay())
                .append("lastActiveAt", java.util.Date.from(subject.lastActiveAt())));
    }

    @Test
    void shouldTakeTheFirstActiveDayFromTheFullListOfDocumentsWrittenBeforeTheDaysWereBounded() {
        org.bson.Document legacy = new org.bson.Document("activeDays", List.copyOf(new java.util.TreeSet<>(
                daysAgo(IntStream.rangeClosed(0, 199).toArray()))));
        assertThat(SegmentRules.Subject.of(legacy).activatedOn()).isEqualTo(TODAY.minusDays(199));
        assertThat(SegmentRules.Subject.of(new org.bson.Document()).activatedOn()).isNull();
    }

    private static SegmentRules.Subject subject(Set<String> days, Map<String, String> lastUsed, String role) {
        Instant lastActive = days.stream().map(LocalDate::parse).max(LocalDate::compareTo)
                .map(day -> day.atTime(9, 0).toInstant(ZoneOffset.UTC)).orElse(null);
        return new SegmentRules.Subject(null, lastActive, days, role, lastUsed);
    }

    private static Set<String> daysAgo(int... ago) {
        Set<String> days = new HashSet<>();
        for (int days1 : ago) {
            days.add(TODAY.minusDays(days1).toString());
        }
        return days;
    }

    private static Map<String, String> used(Object... eventAndDaysAgo) {
        Map<String, String> used = new HashMap<>();
        for (int i = 0; i < eventAndDaysAgo.length; i += 2) {
            used.put((String) eventAndDaysAgo[i], TODAY.minusDays((Integer) eventAndDaysAgo[i + 1]).toString());
        }
        return used;
    }

    private static Feature feature(String key, String event, List<String> roles) {
        return feature(key, event, roles, false);
    }

    private static Feature feature(String key, String event, List<String> roles, boolean activityOnly) {
        return new Feature(key, key, List.of(new Feature.EventMatch(event, null, null)), "core", 80, "high", List.of(),
                roles, List.of(), activityOnly);
    }
}
