package dev.uptake.ingestion.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import dev.uptake.contracts.EventType;
import dev.uptake.contracts.TrackedEvent;
import dev.uptake.ingestion.config.IngestionConfig;
import dev.uptake.ingestion.messaging.EventPublisher;
import dev.uptake.ingestion.messaging.PublishedLookup;
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
    private final PublishedLookup lookup;
    private final IngestionConfig config;
    private final Clock clock;
    private final MeterRegistry meters;

    public IngestionService(EventArchive archive, Memberships memberships, Suppressions suppressions,
            EventPublisher publisher, PublishedLookup lookup, IngestionConfig config, Clock clock,
            MeterRegistry meters) {
        this.archive = archive;
        this.memberships = memberships;
        this.suppressions = suppressions;
        this.publisher = publisher;
        this.lookup = lookup;
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
        long claimed = System.nanoTime();
        return archive.claim(events, now).flatMap(taken -> {
            List<TrackedEvent> fresh = new ArrayList<>();
            List<TrackedEvent> seen = new ArrayList<>();
            for (int index = 0; index < events.size(); index++) {
                (taken.contains(index) ? seen : fresh).add(events.get(index));
            }
            return publish(tenantId, fresh, claimed).chain(() -> resolveSeen(tenantId, seen)).map(verdict -> {
                if (verdict.inFlight() > 0) {
                    throw unavailable(verdict.inFlight() + " event(s) with these messageIds are still being "
                            + "accepted by an earlier attempt; retry shortly.");
                }
                count(tenantId, "duplicate", null, verdict.duplicates());
                return verdict.duplicates();
            });
        });
    }

    /**
     * When events claimed at {@code claimed} ({@link System#nanoTime()}) must be handed to Kafka by, else none is
     * sent: the publish timeout from now, but never past the claim's send limit, the window a takeover's lookup reads.
     */
    private long sendBy(long claimed) {
        long byTimeout = System.nanoTime() + config.publishTimeout().toNanos();
        long byClaim = claimed + config.claimSendLimit().toNanos();
        return byTimeout - byClaim < 0 ? byTimeout : byClaim;
    }

    private record Verdict(int duplicates, int inFlight) {
    }

    /**
     * A seen messageId is a duplicate if archived; a fresh claim is in flight; a failed or stale one is looked for on
     * the topic (an earlier attempt may have sent it and died, or failed after the acknowledgement), archived if found,
     * and otherwise taken over and published.
     */
    private Uni<Verdict> resolveSeen(String tenantId, List<TrackedEvent> seen) {
        if (seen.isEmpty()) {
            return Uni.createFrom().item(new Verdict(0, 0));
        }
        List<String> seenIds = EventArchive.ids(seen);
        return Uni.combine().all().unis(archive.findClaims(seenIds), archive.archived(seenIds)).asTuple()
                .flatMap(found -> verdict(tenantId, seen, found.getItem1(), found.getItem2()));
    }

    private Uni<Verdict> verdict(String tenantId, List<TrackedEvent> seen, List<Document> claims,
            Set<String> published) {
        Instant now = clock.instant();
        Map<String, Document> byId = new HashMap<>();
        claims.forEach(claim -> byId.put(claim.getString("_id"), claim));
        List<Left> left = new ArrayList<>();
        int duplicates = 0;
        int inFlight = 0;
        Set<String> handled = new HashSet<>();
        for (TrackedEvent event : seen) {
            String id = EventArchive.id(event.tenantId(), event.messageId());
            Document claim = byId.get(id);
            if (claim == null || !handled.add(id) || published.contains(id)) {
                duplicates++;
            } else if (EventArchive.FAILED.equals(claim.getString("state"))
                    || claim.getDate("claimedAt").toInstant().plus(config.staleClaimAfter()).isBefore(now)) {
                left.add(new Left(event, claim));
            } else {
                inFlight++;
            }
        }
        int finalDuplicates = duplicates;
        int finalInFlight = inFlight;
        return takeOver(tenantId, left).map(outcome -> new Verdict(finalDuplicates + outcome.duplicates(),
                finalInFlight + outcome.inFlight()));
    }

    /** A claim left behind by an attempt that failed or went stale, as read. */
    private record Left(TrackedEvent event, Document claim) {
    }

    private Uni<Verdict> takeOver(String tenantId, List<Left> left) {
        if (left.isEmpty()) {
            return Uni.createFrom().item(new Verdict(0, 0));
        }
        List<PublishedLookup.Wanted> wanted = left.stream().map(l -> new PublishedLookup.Wanted(l.event().tenantId(),
                l.event().messageId(), l.event().partitionKey(), EventArchive.attempts(l.claim()))).toList();
        return lookup.find(wanted)
                .onFailure().transform(failure -> {
                    Log.warnf("Could not tell whether %d retried event(s) are on Kafka already: %s", left.size(),
                            failure.toString());
                    return unavailable("Whether an earlier attempt published these events cannot be checked now; "
                            + "retry after the delay.");
                })
                .flatMap(found -> {
                    List<TrackedEvent> onKafka = new ArrayList<>();
                    List<EventPublisher.Position> positions = new ArrayList<>();
                    List<Left> absent = new ArrayList<>();
                    for (int i = 0; i < left.size(); i++) {
                        EventPublisher.Position position = found.get(wanted.get(i).id());
                        if (position == null) {
                            absent.add(left.get(i));
                        } else {
                            onKafka.add(left.get(i).event());
                            positions.add(position);
                        }
                    }
                    if (!onKafka.isEmpty()) {
                        Log.infof("%d of %d retried event(s) with claims left behind were on Kafka already: "
                                + "archived, not published again", onKafka.size(), left.size());
                    }
                    return archive.archive(onKafka, positions).chain(() -> reclaimAndPublish(tenantId, absent))
                            .map(inFlight -> new Verdict(onKafka.size(), inFlight));
                });
    }

    /**
     * Takes over each claim unless another attempt did since it was read, and publishes what it took within the send
     * limit of this new claim. The item is how many another attempt had taken.
     */
    private Uni<Integer> reclaimAndPublish(String tenantId, List<Left> absent) {
        if (absent.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Instant now = clock.instant();
        long claimed = System.nanoTime();
        List<Uni<TrackedEvent>> reclaims = absent.stream().map(l -> archive.reclaim(l.claim().getString("_id"),
                l.claim().getString("state"), l.claim().getDate("claimedAt"), now)
                .map(won -> won ? l.event() : null)).toList();
        return Uni.join().all(reclaims).andFailFast().flatMap(results -> {
            List<TrackedEvent> won = results.stream().filter(Objects::nonNull).toList();
            return publish(tenantId, won, claimed).replaceWith(results.size() - won.size());
        });
    }

    private Uni<Void> publish(String tenantId, List<TrackedEvent> events, long claimed) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Timer.Sample sample = Timer.start(meters);
        return publisher.publishAll(events, sendBy(claimed))
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
