package dev.uptake.scoring.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bson.Document;
import org.junit.jupiter.api.Test;

class MonthSeriesTest {

    @Test
    void shouldGiveEachWantedDayOfTheMonthWithItsCountersAndNoOtherDay() {
        Document month = new Document("accountId", "acme").append("month", "2026-02")
                .append("events", new Document("03", 5).append("17", 2).append("28", 1))
                .append("ev", new Document("Logged In", new Document("03", 4).append("17", 2))
                        .append("Report%2EShared", new Document("03", 1)))
                .append("evp", new Document("plan=pro", new Document("28", 1)));
        List<UsageCalculator.Day> days = new ArrayList<>();

        MonthSeries.days(month, Set.of(LocalDate.of(2026, 2, 3), LocalDate.of(2026, 2, 28), LocalDate.of(2026, 2, 10))::contains,
                days::add);

        assertThat(days).extracting(UsageCalculator.Day::day)
                .containsExactly(LocalDate.of(2026, 2, 3), LocalDate.of(2026, 2, 28));
        assertThat(days.get(0).accountId()).isEqualTo("acme");
        assertThat(days.get(0).userId()).isNull();
        assertThat(days.get(0).events()).isEqualTo(5);
        assertThat(days.get(0).counts()).isEqualTo(Map.of("Logged In", 4L, "Report.Shared", 1L));
        assertThat(days.get(1).events()).isEqualTo(1);
        assertThat(days.get(1).counts()).containsEntry(dev.uptake.scoring.Feature.EventMatch.BY_PROPERTY + "plan=pro", 1L).hasSize(1);
    }

    @Test
    void shouldGiveAUserMonthsDaysWithTheUserAndEachDaysOwnAccount() {
        Document month = new Document("userId", "ada").append("month", "2026-02")
                .append("events", new Document("03", 2).append("17", 1))
                .append("ev", new Document("Report Viewed", new Document("03", 2).append("17", 1)))
                .append(MonthSeries.ACCOUNTS, new Document("03", "acme").append("17", "globex"));
        List<UsageCalculator.Day> days = new ArrayList<>();

        MonthSeries.days(month, day -> true, days::add);

        assertThat(days).extracting(UsageCalculator.Day::userId).containsOnly("ada");
        assertThat(days).extracting(UsageCalculator.Day::accountId).containsExactly("acme", "globex");
        assertThat(days).extracting(UsageCalculator.Day::events).containsExactly(2L, 1L);
    }

    @Test
    void shouldReadASessionsStartToTheMillisecondAsAStoredDateHasIt() {
        for (String start : List.of("2026-12-07T09:12:00Z", "2026-12-07T23:59:59.250Z", "2026-12-07T00:00:00.000001Z",
                "2026-12-07T10:11:12.987654321Z", "1969-12-31T23:59:59.999Z")) {
            java.time.Instant at = java.time.Instant.parse(start);
            assertThat(MonthSeries.epochMilli(LocalDate.ofInstant(at, java.time.ZoneOffset.UTC), start)).as(start)
                    .isEqualTo(java.util.Date.from(at).getTime());
        }
        // Beyond four-digit years Instant.toString writes a sign: parsed in full.
        java.time.Instant far = java.time.Instant.parse("+12026-01-02T03:04:05Z");
        assertThat(MonthSeries.epochMilli(LocalDate.ofInstant(far, java.time.ZoneOffset.UTC), far.toString()))
                .isEqualTo(far.toEpochMilli());
    }

    @Test
    void shouldGiveTheSessionsAMonthKeepsAndTheIdsOfThoseItDoesNot() {
        Document month = new Document("userId", "ada").append("month", "2026-02")
                .append(MonthSeries.SESSIONS, new Document("03", List.of("2026-02-03T09:00:00Z", "2026-02-03T13:00:00.500Z"))
                        .append("17", List.of("2026-02-17T08:00:00Z")))
                .append(MonthSeries.SESSION_ENDS, new Document("03", new Document("2026-02-03T09:00:00Z",
                        java.util.Date.from(java.time.Instant.parse("2026-02-03T09:20:00Z")))
                        .append("2026-02-03T13:00:00%2E500Z", java.util.Date.from(java.time.Instant.parse("2026-02-03T13:01:00.750Z")))))
                .append(MonthSeries.SESSION_ACCOUNTS, new Document("03", new Document("2026-02-03T09:00:00Z", "acme")));
        List<UsageCalculator.Session> known = new ArrayList<>();
        List<String> unknown = new ArrayList<>();

        MonthSeries.sessions("t", month, day -> true, known::add, unknown::add);

        assertThat(known).containsExactly(new UsageCalculator.Session("ada", "acme", LocalDate.of(2026, 2, 3), 1200),
                new UsageCalculator.Session("ada", null, LocalDate.of(2026, 2, 3), 60));
        assertThat(unknown).containsExactly("t/ada|2026-02-17T08:00:00Z");

        known.clear();
        unknown.clear();
        MonthSeries.sessions("t", month, LocalDate.of(2026, 2, 17)::equals, known::add, unknown::add);
        assertThat(known).isEmpty();
        assertThat(unknown).containsExactly("t/ada|2026-02-17T08:00:00Z");
    }

    @Test
    void shouldNameTheMonthAndTheDayOfAnIsoDay() {
        assertThat(MonthSeries.month("2026-12-07")).isEqualTo("2026-12");
        assertThat(MonthSeries.slot("2026-12-07")).isEqualTo("07");
        assertThat(MonthSeries.id("t", "acme", "2026-12-07")).isEqualTo("t/acme|2026-12");
    }
}
