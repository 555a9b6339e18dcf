package dev.uptake.scoring.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.uptake.contracts.EventType;
import dev.uptake.contracts.TrackedEvent;

/** The session rules alone, without the app: they decide every session count and active second downstream. */
class SessionStateTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    @Test
    void shouldStartANewSessionAfterTheInactivityTimeout() {
        SessionState state = SessionState.of(null, TIMEOUT);
        assertThat(state.advance(event(T0, null))).isEqualTo(new SessionState.Contribution(true, T0, 0));
        assertThat(state.advance(event(T0.plusSeconds(1800), null)))
                .isEqualTo(new SessionState.Contribution(false, T0, 1800));
        Instant later = T0.plusSeconds(1800 + 1801);
        assertThat(state.advance(event(later, null))).isEqualTo(new SessionState.Contribution(true, later, 0));
    }

    @Test
    void shouldFollowTheSessionIdOverTheTimeout() {
        SessionState state = SessionState.of(null, TIMEOUT);
        state.advance(event(T0, "s-1"));
        // Same id after an hour: still one session, but the idle hour is not active time.
        assertThat(state.advance(event(T0.plusSeconds(3600), "s-1")))
                .isEqualTo(new SessionState.Contribution(false, T0, 0));
        Instant next = T0.plusSeconds(3660);
        assertThat(state.advance(event(next, "s-2"))).isEqualTo(new SessionState.Contribution(true, next, 0));
    }

    @Test
    void shouldKeepALateStragglerApartFromTheRunningSession() {
        SessionState state = SessionState.of(null, TIMEOUT);
        state.advance(event(T0, null));
        Instant straggler = T0.minusSeconds(7200);
        assertThat(state.advance(event(straggler, null))).isEqualTo(new SessionState.Contribution(true, straggler, 0));
        assertThat(state.advance(event(T0.plusSeconds(60), null)))
                .isEqualTo(new SessionState.Contribution(false, T0, 60));
        assertThat(state.toDocument().getDate("startAt").toInstant()).isEqualTo(T0);
    }

    private static TrackedEvent event(Instant at, String sessionId) {
        return new TrackedEvent(TrackedEvent.SCHEMA_VERSION, "t", "m", EventType.TRACK, "u", null, "a", "E", null, null,
                null, Map.of(), null, sessionId == null ? null : Map.of("sessionId", sessionId), at, at, null, at, false);
    }
}
