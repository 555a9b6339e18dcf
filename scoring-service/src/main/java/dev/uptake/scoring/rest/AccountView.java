package dev.uptake.scoring.rest;

import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.uptake.scoring.UsageMetrics;

/** An account as the analytics API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Account")
public record AccountView(
        @Schema(example = "acme") String accountId,
        @Schema(example = "Acme Corp") String name,
        @Schema(description = "Events counted for the account", example = "1342") long eventCount,
        @Schema(example = "2026-01-04T09:12:00Z") Instant firstSeenAt,
        @Schema(example = "2026-11-23T10:00:00Z") Instant lastSeenAt,
        @Schema(description = "Traits from group calls, merged over time") Map<String, Object> traits,
        @Schema(example = "enterprise") String plan,
        @Schema(description = "From the configured tier trait", example = "enterprise") String tier,
        @Schema(example = "fintech") String industry,
        @Schema(description = "Licensed seats, latest known", example = "50") Long seats,
        @Schema(description = "Seat counts over time, oldest first") List<SeatChange> seatHistory,
        @Schema(example = "4000") Double mrr,
        @Schema(example = "48000") Double arr,
        @Schema(example = "2027-03-01T00:00:00Z") Instant renewalDate,
        @Schema(description = "Renewals so far with their outcomes (from the renewalOutcome and lastRenewalDate traits), oldest first") List<Renewal> renewals,
        @Schema(description = "Customer success manager owning the account", example = "dana@vendor.example") String csm,
        @Schema(description = "Created date from the group traits, else first seen", example = "2025-06-01T00:00:00Z") Instant createdAt,
        @Schema(description = "Behavioural segment: power, casual, at-risk, dormant or new", example = "power") String segment,
        @Schema(description = "Maturity by age: new (0-30 days), developing (30-90), mature (90+)", example = "mature") String maturity,
        @Schema(description = "Usage metrics for the requested window (detail view only)") UsageMetrics metrics) {

    /** One seat count and when it took effect. */
    public record SeatChange(@Schema(example = "2026-05-01T00:00:00Z") Instant at, @Schema(example = "50") long seats) {
    }

    /** A renewal and how it ended: churned, renewed, expanded or whatever outcome was sent. */
    @Schema(name = "Renewal")
    public record Renewal(@Schema(example = "2026-03-01") String date, @Schema(example = "renewed") String outcome) {
    }

    static AccountView from(Document document) {
        return from(document, null);
    }

    @SuppressWarnings("unchecked")
    static AccountView from(Document document, UsageMetrics metrics) {
        Number count = (Number) document.get("eventCount");
        Number seats = (Number) document.get("seats");
        List<Document> history = (List<Document>) document.get("seatHistory");
        List<SeatChange> seatHistory = history == null ? null : history.stream()
                .map(change -> new SeatChange(change.getDate("at").toInstant(), ((Number) change.get("seats")).longValue()))
                .sorted(Comparator.comparing(SeatChange::at)).toList();
        Instant firstSeen = instant(document.getDate("firstSeenAt"));
        Instant created = instant(document.getDate("createdAt"));
        return new AccountView(document.getString("accountId"), document.getString("name"),
                count == null ? 0 : count.longValue(), firstSeen, instant(document.getDate("lastSeenAt")),
                Views.decodedKeys((Map<String, Object>) document.get("traits")), document.getString("plan"),
                document.getString("tier"), document.getString("industry"), seats == null ? null : seats.longValue(),
                seatHistory, number(document.get("mrr")), number(document.get("arr")),
                instant(document.getDate("renewalDate")), renewals(document.get("renewals", Document.class)),
                document.getString("csm"),
                created != null ? created : firstSeen,
                document.getString("segment"), document.getString("maturity"), metrics);
    }

    private static List<Renewal> renewals(Document renewals) {
        return renewals == null ? null : renewals.entrySet().stream()
                .map(entry -> new Renewal(entry.getKey(), String.valueOf(entry.getValue())))
                .sorted(Comparator.comparing(Renewal::date)).toList();
    }

    private static Double number(Object value) {
        return value instanceof Number number ? number.doubleValue() : null;
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
