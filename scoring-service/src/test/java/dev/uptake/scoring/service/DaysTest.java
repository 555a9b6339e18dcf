package dev.uptake.scoring.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class DaysTest {

    @Test
    void shouldNameTheUtcDayOfAnInstantOnEitherSideOfMidnightAndBefore1970() {
        assertThat(Days.of(Instant.parse("2026-12-02T23:59:59.999Z"))).isEqualTo("2026-12-02");
        assertThat(Days.of(Instant.parse("2026-12-03T00:00:00Z"))).isEqualTo("2026-12-03");
        assertThat(Days.of(Instant.parse("1969-12-31T23:00:00Z"))).isEqualTo("1969-12-31");
        assertThat(Days.text(Days.epochDay(Instant.parse("2026-03-01T12:00:00Z")) - 1)).isEqualTo("2026-02-28");
        // Asked again, the cached text is the same.
        assertThat(Days.of(Instant.parse("2026-12-02T08:00:00Z"))).isSameAs(Days.of(Instant.parse("2026-12-02T20:00:00Z")));
    }
}
