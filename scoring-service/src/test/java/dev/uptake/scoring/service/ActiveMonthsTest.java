package dev.uptake.scoring.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import dev.uptake.scoring.Window;

class ActiveMonthsTest {

    @Test
    void shouldListEachDayOnceUnderItsMonth() {
        Map<String, List<Integer>> byMonth = ActiveMonths.byMonth(List.of("2026-01-31", "2026-01-01", "2026-01-31",
                "2026-02-14"));

        assertThat(byMonth).containsExactly(Map.entry("2026-01", List.of(1, 31)), Map.entry("2026-02", List.of(14)));
    }

    @Test
    void shouldReadBackOnlyTheDaysInsideTheWindow() {
        Document user = new Document(ActiveMonths.FIELD, new Document(new java.util.TreeMap<String, Object>(ActiveMonths.byMonth(List.of("2025-12-31",
                "2026-01-01", "2026-01-30", "2026-01-31", "2026-02-28", "2026-03-01")))));
        Window window = new Window(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 2, 28));

        // Offsets from 2026-01-01: the 1st, the 30th and 31st of January, the 28th of February.
        assertThat(ActiveMonths.within(user, window).stream().boxed().toList()).containsExactly(0, 29, 30, 58);
        assertThat(ActiveMonths.within(new Document(), window).isEmpty()).isTrue();
    }
}
