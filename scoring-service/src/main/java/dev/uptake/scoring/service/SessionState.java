package dev.uptake.scoring.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import org.bson.Document;

import dev.uptake.contracts.TrackedEvent;

/**
 * A user's running session, kept on the user document between batches. Events are fed in timestamp order; each
 * returns what it adds: a new session, or active time since the previous event of the same session.
 */
final class SessionState {

    /** What one activity event contributes to its day and its session. */
    record Contribution(boolean startsSession, Instant sessionStart, long activeSeconds) {
    }

    private final Duration timeout;
    private Instant startAt;
    private Instant lastAt;
    private String key;

    private SessionState(Duration timeout, Instant startAt, Instant lastAt, String key) {
        this.timeout = timeout;
        this.startAt = startAt;
        this.lastAt = lastAt;
        this.key = key;
    }

    static SessionState of(Document user, Duration timeout) {
        Document session = user == null ? null : user.get("session", Document.class);
        if (session == null) {
            return new SessionState(timeout, null, null, null);
        }
        return new SessionState(timeout, instant(session.getDate("startAt")), instant(session.getDate("lastAt")),
                session.getString("key"));
    }

    Contribution advance(TrackedEvent event) {
        Instant at = event.timestamp();
        String sessionId = sessionId(event);
        boolean sameId = sessionId != null && sessionId.equals(key);
        if (lastAt != null && at.isBefore(lastAt.minus(timeout)) && !sameId) {
            // A straggler from long before the running session: its own one-event session, state untouched.
            return new Contribution(true, at, 0);
        }
        boolean continues = lastAt != null && (sessionId != null ? sameId : !at.isAfter(lastAt.plus(timeout)));
        if (!continues) {
            startAt = at;
            lastAt = at;
            key = sessionId;
            return new Contribution(true, at, 0);
        }
        long gap = Duration.between(lastAt, at).getSeconds();
        if (at.isAfter(lastAt)) {
            lastAt = at;
        }
        return new Contribution(false, startAt, gap > 0 && gap <= timeout.getSeconds() ? gap : 0);
    }

    boolean started() {
        return lastAt != null;
    }

    Document toDocument() {
        Document document = new Document("startAt", Date.from(startAt)).append("lastAt", Date.from(lastAt));
        if (key != null) {
            document.append("key", key);
        }
        return document;
    }

    private static String sessionId(TrackedEvent event) {
        Map<String, Object> context = event.context();
        Object id = context == null ? null : context.get("sessionId");
        return id == null ? null : id.toString();
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
