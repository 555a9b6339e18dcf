package dev.uptake.ingestion.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Which spans of a partition a lookup reads for a claim's attempts: each attempt's window, near ones as one. */
class PublishedLookupWindowsTest {

    private static final Instant T = Instant.parse("2026-12-05T03:00:00Z");
    private static final Duration SEND = Duration.ofMillis(5_250);

    @Test
    void shouldReadEachAttemptsWindowWithItsMarginsAndFarOnesApart() {
        List<Instant[]> windows = PublishedLookup.windows(List.of(T.plusSeconds(600), T), SEND);

        assertThat(windows).hasSize(2);
        assertThat(windows.get(0)).containsExactly(T.minusSeconds(2), T.plusMillis(7_250));
        assertThat(windows.get(1)).containsExactly(T.plusSeconds(598), T.plusMillis(607_250));
    }

    @Test
    void shouldReadTheAttemptsOfAnOutageAsOneSpan() {
        // A client retrying every 20 s for an hour while the broker was away: windows 10.75 s apart.
        List<Instant> attempts = new ArrayList<>();
        for (int i = 0; i < 180; i++) {
            attempts.add(T.plusSeconds(20L * i));
        }

        List<Instant[]> windows = PublishedLookup.windows(attempts, SEND);

        assertThat(windows).hasSize(1);
        assertThat(windows.get(0)).containsExactly(T.minusSeconds(2), T.plusSeconds(3_580).plusMillis(7_250));
    }
}
