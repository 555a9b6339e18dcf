package dev.uptake.ingestion.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import dev.uptake.contracts.EventType;
import dev.uptake.contracts.TrackedEvent;
import dev.uptake.ingestion.config.IngestionConfig;
import dev.uptake.ingestion.messaging.EventPublisher;
import dev.uptake.ingestion.repository.EventArchive;
import dev.uptake.ingestion.repository.Memberships;
import dev.uptake.ingestion.repository.Suppressions;
import dev.uptake.kit.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Accepts normalised events exactly once per (tenant, messageId): claim, publish to Kafka, archive, and only then
 * answer success. A failed publish marks the claim failed so the client's retry goes through.
 */
@ApplicationScoped
public class IngestionService {

    private final EventArchive archive;
    private final Memberships memberships;
    private final Suppressions suppressions;
    private final EventPublisher publisher;
    private final IngestionConfig config;
    private final Clock clock;
    private final MeterRegistry meters;

    public IngestionService(EventArchive archive, Memberships memberships, Suppressions suppressions,
            EventPublisher publisher, IngestionConfig config, Clock clock, MeterRegistry meters) {
        this.archive = archive;
        this.memberships = memberships;
        this.suppressions = suppressions;
        this.publisher = publisher;
        this.config = config;
        this.clock = clock;
        this.meters = meters;
    }

    public Instant now() {
        return clock.instant();
    }

    public Uni<IngestResult> ingest(String tenantId, List<Normalized> calls) {
        List<IngestResult.Rejection> rejected = new ArrayList<>();
        List<TrackedEvent> accepted = new ArrayList<>();
        // A messageId repeated inside one request is a duplicate of its first copy, not a claim still in flight.
        Set<String> messageIds = new HashSet<>();
        int repeated = 0;
        for (int index = 0; index < calls.size(); index++) {
            if (calls.get(index) instanceof Normalized.Rejected rejection) {
                rejected.add(new IngestResult.Rejection(index, rejection.messageId(), rejection.reason()));
                count(tenantId, "rejected", rejection.field());
            } else if (calls.get(index) instanceof Normalized.Accepted call && messageIds.add(call.event().messageId())) {
                accepted.add(call.event());
            } else {
                repeated++;
            }
        }
        count(tenantId, "duplicate", null, repeated);
        int repeats = repeated;
        if (accepted.isEmpty()) {
            return Uni.createFrom().item(new IngestResult(0, repeats, rejected));
        }
        return suppressions.suppressedUsers(tenantId).flatMap(suppressed -> {
            List<TrackedEvent> kept = suppressed.isEmpty() ? accepted : accepted.stream()
                    .filter(event -> event.userId() == null || !suppressed.contains(event.userId())).toList();
            count(tenantId, "suppressed", null, accepted.size() - kept.size());
            if (kept.isEmpty()) {
                return Uni.createFrom().item(new IngestResult(0, repeats, rejected));
            }
            return attribute(tenantId, kept)
                    .flatMap(events -> claimAndPublish(tenantId, events))
                    .map(duplicates -> new IngestResult(kept.size() - duplicates, duplicates + repeats, rejected));
        });
    }

    /** Calls without an account inherit the user's: from a group call in the same request, else the last known. */
    private Uni<List<TrackedEvent>> attribute(String tenantId, List<TrackedEvent> events) {
        Map<String, String> grouped = new LinkedHashMap<>();
        Set<String> unknown = new HashSet<>();
        for (TrackedEvent event : events) {
            if (event.type() == EventType.GROUP && event.userId() != null) {
                grouped.put(event.userId(), event.groupId());
            } else if (event.accountId() == null && event.userId() != null) {
                unknown.add(event.userId());
            }
        }
        unknown.removeAll(grouped.keySet());
        return memberships.accountsOf(tenantId, unknown).map(known -> {
            Map<String, String> accountByUser = new HashMap<>(known);
            accountByUser.putAll(grouped);
            return events.stream().map(event -> event.accountId() != null || event.userId() == null ? event
                    : withAccount(event, accountByUser.get(event.userId()))).toList();
        }).call(() -> memberships.remember(tenantId, grouped));
    }

    private Uni<Integer> claimAndPublish(String tenantId, List<TrackedEvent> events) {
        Instant now = clock.instant();
        return archive.claim(events, now).flatMap(taken -> {
            List<TrackedEvent> fresh = new ArrayList<>();
            List<TrackedEvent> seen = new ArrayList<>();
            for (int index = 0; index < events.size(); index++) {
                (taken.contains(index) ? seen : fresh).add(events.get(index));
            }
            return resolveSeen(seen, now).flatMap(verdict -> {
                List<TrackedEvent> toPublish = new ArrayList<>(fresh);
                toPublish.addAll(verdict.retakenEvents());
                return publish(tenantId, toPublish).map(ignored -> {
                    if (verdict.inFlight() > 0) {
                        throw unavailable(verdict.inFlight() + " event(s) with these messageIds are still being "
                                + "accepted by an earlier attempt; retry shortly.");
                    }
                    count(tenantId, "duplicate", null, verdict.duplicates());
                    return verdict.duplicates();
                });
            });
        });
    }

    private record Verdict(List<TrackedEvent> retakenEvents, int duplicates, int inFlight) {
    }

    /** A seen messageId is a duplicate if published; a failed or stale claim is taken over; a fresh one is in flight. */
    private Uni<Verdict> resolveSeen(List<TrackedEvent> seen, Instant now) {
        if (seen.isEmpty()) {
            return Uni.createFrom().item(new Verdict(List.of(), 0, 0));
        }
        List<String> seenIds = EventArchive.ids(seen);
        return Uni.combine().all().unis(archive.findClaims(seenIds), archive.archived(seenIds)).asTuple()
                .flatMap(found -> verdict(seen, found.getItem1(), found.getItem2(), now));
    }

    private Uni<Verdict> verdict(List<TrackedEvent> seen, List<Document> claims, Set<String> published, Instant now) {
        Map<String, Document> byId = new HashMap<>();
        claims.forEach(claim -> byId.put(claim.getString("_id"), claim));
        List<Uni<TrackedEvent>> retakes = new ArrayList<>();
        int duplicates = 0;
        int inFlight = 0;
        Set<String> handled = new HashSet<>();
        for (TrackedEvent event : seen) {
            String id = EventArchive.id(event.tenantId(), event.messageId());
            Document claim = byId.get(id);
            if (claim == null || !handled.add(id) || published.contains(id)) {
                duplicates++;
                continue;
            }
            Date claimedAt = claim.getDate("claimedAt");
            boolean stale = claimedAt.toInstant().plus(config.staleClaimAfter()).isBefore(now);
            if (EventArchive.FAILED.equals(claim.getString("state")) || stale) {
                retakes.add(archive.reclaim(id, claim.getString("state"), claimedAt, now)
                        .map(won -> won ? event : null));
            } else {
                inFlight++;
            }
        }
        if (retakes.isEmpty()) {
            return Uni.createFrom().item(new Verdict(List.of(), duplicates, inFlight));
        }
        int finalDuplicates = duplicates;
        int finalInFlight = inFlight;
        return Uni.join().all(retakes).andFailFast().map(results -> {
            List<TrackedEvent> won = results.stream().filter(java.util.Objects::nonNull).toList();
            return new Verdict(won, finalDuplicates, finalInFlight + results.size() - won.size());
        });
    }

    private Uni<Void> publish(String tenantId, List<TrackedEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Timer.Sample sample = Timer.start(meters);
        return publisher.publishAll(events, System.nanoTime() + config.publishTimeout().toNanos())
                .onFailure().transform(failure -> new Refused(events, failure))
                // Kafka's acknowledgement alone: the archive insert that follows has its own cost.
                .onItem().invoke(() -> sample.stop(meters.timer("uptake.ingestion.publish")))
                .onItem().transformToUni(outcome -> archiveTaken(tenantId, events, outcome))
                .onFailure(Refused.class).recoverWithUni(failure -> {
                    List<TrackedEvent> refused = ((Refused) failure).events();
                    Log.warnf("Publishing or archiving %d of %d event(s) failed for tenant %s: %s", refused.size(),
                            events.size(), tenantId, failure.getCause().toString());
                    count(tenantId, "unavailable", null, refused.size());
                    return archive.markFailed(EventArchive.ids(refused)).onFailure().recoverWithNull()
                            .flatMap(ignored -> Uni.createFrom().failure(unavailable(refused.size() == events.size()
                                    ? "The event stream is unavailable; nothing was accepted. Retry after the delay."
                                    : refused.size() + " of " + events.size() + " events could not be published; "
                                            + "retry them all after the delay (the others are recognised as "
                                            + "duplicates).")));
                });
    }

    /**
     * Archives what Kafka took, even when it refused the rest, so the retry finds those duplicates; fails with the
     * refused ones. Unarchived, nothing is known to have been published, and every event is retried.
     */
    private Uni<Void> archiveTaken(String tenantId, List<TrackedEvent> events, EventPublisher.Outcome outcome) {
        List<TrackedEvent> taken = new ArrayList<>();
        List<EventPublisher.Position> positions = new ArrayList<>();
        List<TrackedEvent> refused = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            EventPublisher.Position position = outcome.positions().get(i);
            if (position == null) {
                refused.add(events.get(i));
            } else {
                taken.add(events.get(i));
                positions.add(position);
            }
        }
        return archive.archive(taken, positions)
                .onFailure().transform(failure -> new Refused(events, failure))
                .invoke(() -> count(tenantId, "accepted", null, taken.size()))
                .chain(() -> outcome.failure() == null ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(new Refused(refused, outcome.failure())));
    }

    /** These events are not accepted: Kafka refused them, or whether it took them is not recorded. */
    private static final class Refused extends RuntimeException {
        private final transient List<TrackedEvent> events;

        Refused(List<TrackedEvent> events, Throwable cause) {
            super(cause);
            this.events = events;
        }

        List<TrackedEvent> events() {
            return events;
        }
    }

    private ProblemException unavailable(String detail) {
        return new ProblemException(503, "unavailable", "Temporarily unavailable", detail, List.of(),
                Map.of("Retry-After", Integer.toString(config.retryAfterSeconds())));
    }

    /** A whole request refused before any event in it was read (malformed, too large, ...): its events are uncounted. */
    public void countRefusedRequest(String tenantId, String reason) {
        meters.counter("uptake.ingestion.requests.refused", "tenant", tenantId, "reason", reason).increment();
    }

    private void count(String tenantId, String outcome, String reason) {
        count(tenantId, outcome, reason, 1);
    }

    private void count(String tenantId, String outcome, String reason, int amount) {
        if (amount > 0) {
            meters.counter("uptake.ingestion.events", "tenant", tenantId, "outcome", outcome, "reason",
                    reason == null ? "none" : reason).increment(amount);
        }
    }

    static TrackedEvent withAccount(TrackedEvent e, String accountId) {
        if (accountId == null) {
            return e;
        }
        return new TrackedEvent(e.schemaVersion(), e.tenantId(), e.messageId(), e.type(), e.userId(), e.anonymousId(),
                accountId, e.event(), e.name(), e.groupId(), e.previousId(), e.properties(), e.traits(), e.context(),
                e.timestamp(), e.originalTimestamp(), e.sentAt(), e.receivedAt(), e.historical());
    }
}
