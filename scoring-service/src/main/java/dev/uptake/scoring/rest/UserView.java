package dev.uptake.scoring.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.uptake.scoring.UsageMetrics;
import dev.uptake.scoring.repository.Ids;

/** A user as the analytics API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "User")
public record UserView(
        @Schema(example = "u-42") String userId,
        @Schema(example = "ada@acme.example") String email,
        @Schema(example = "Ada Lovelace") String name,
        @Schema(description = "admin, end-user, manager or executive, from the configured role trait", example = "admin") String role,
        @Schema(description = "Signup date from the identify traits, else first seen", example = "2026-02-01T00:00:00Z") Instant createdAt,
        @Schema(description = "The account of the user's latest event", example = "acme") String accountId,
        @Schema(description = "Every account the user has belonged to, with the date it started") List<Membership> memberships,
        @Schema(example = "310") long eventCount,
        @Schema(example = "2026-02-01T09:00:00Z") Instant firstSeenAt,
        @Schema(example = "2026-11-23T10:00:00Z") Instant lastSeenAt,
        @Schema(description = "The latest session") LastSession lastSession,
        @Schema(description = "Traits from identify calls, merged over time") Map<String, Object> traits,
        @Schema(description = "Behavioural segment: power, casual, at-risk, dormant or new", example = "casual") String segment,
        @Schema(description = "Maturity by age: new (0-30 days), developing (30-90), mature (90+)", example = "developing") String maturity,
        @Schema(description = "Catalog features used in the last 30 days") UsageMetrics.Breadth breadth,
        @Schema(description = "The latest sessions, newest first (at most 10)") List<LastSession> recentSessions) {

    /** Membership of one account since a date. */
    public record Membership(@Schema(example = "acme") String accountId,
            @Schema(example = "2026-02-01T09:00:00Z") Instant since) {
    }

    /** Start, last activity and duration of the user's latest session. */
    public record LastSession(@Schema(example = "2026-11-23T09:30:00Z") Instant start,
            @Schema(example = "2026-11-23T10:00:00Z") Instant end,
            @Schema(example = "1800") long durationSeconds) {
    }

    static UserView from(Document document) {
        return from(document, null, null);
    }

    static LastSession session(Document session) {
        Instant start = session.getDate("start").toInstant();
        Instant end = session.getDate("end").toInstant();
        return new LastSession(start, end, Duration.between(start, end).getSeconds());
    }

    @SuppressWarnings("unchecked")
    static UserView from(Document document, UsageMetrics.Breadth breadth, List<LastSession> recentSessions) {
        Document since = document.get("memberSince", new Document());
        List<Membership> memberships = since.entrySet().stream()
                .map(entry -> new Membership(Ids.unfield(entry.getKey()), ((Date) entry.getValue()).toInstant()))
                .sorted(Comparator.comparing(Membership::since).thenComparing(Membership::accountId)).toList();
        Document session = document.get("session", Document.class);
        LastSession lastSession = session == null ? null : new LastSession(session.getDate("startAt").toInstant(),
                session.getDate("lastAt").toInstant(), Duration.between(session.getDate("startAt").toInstant(),
                        session.getDate("lastAt").toInstant()).getSeconds());
        Number count = (Number) document.get("eventCount");
        Instant firstSeen = instant(document.getDate("firstSeenAt"));
        Instant created = instant(document.getDate("createdAt"));
        return new UserView(document.getString("userId"), document.getString("email"), document.getString("name"),
                document.getString("role"), created != null ? created : firstSeen, document.getString("accountId"),
                memberships, count == null ? 0 : count.longValue(), firstSeen, instant(document.getDate("lastSeenAt")),
                lastSession, Views.decodedKeys((Map<String, Object>) document.get("traits")),
                document.getString("segment"), document.getString("maturity"), breadth, recentSessions);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
