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
    void shouldNameTheMonthAndTheDayOfAnIsoDay() {
        assertThat(MonthSeries.month("2026-12-07")).isEqualTo("2026-12");
        assertThat(MonthSeries.slot("2026-12-07")).isEqualTo("07");
        assertThat(MonthSeries.id("t", "acme", "2026-12-07")).isEqualTo("t/acme|2026-12");
    }
}
