package dev.uptake.ingestion.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.model.Filters;

import dev.uptake.ingestion.messaging.EventPublisher;
import dev.uptake.ingestion.repository.EventArchive;
import dev.uptake.ingestion.repository.Replays;
import dev.uptake.kit.problem.NotFoundProblemException;
import dev.uptake.kit.problem.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Re-publishes archived events, marked historical, for backfills after a model change. Each carries the position it
 * was first published at ({@code uptake_origin_*} headers) and they go out in that order, so a consumer applies a
 * replayed event only where the original was not applied: nothing is counted twice.
 */
@ApplicationScoped
public class ReplayService {

    static final int PAGE = 500;
    static final Duration RESUME_AFTER = Duration.ofMinutes(2);

    private final Replays replays;
    private final EventArchive archive;
    private final EventPublisher publisher;
    private final Clock clock;

    public ReplayService(Replays replays, EventArchive archive, EventPublisher publisher, Clock clock) {
        this.replays = replays;
        this.archive = archive;
        this.publisher = publisher;
        this.clock = clock;
    }

    public Uni<Document> submit(String tenantId, Instant from, Instant to, String accountId) {
        if (!from.isBefore(to)) {
            throw ProblemException.badRequest("invalid-range", "Invalid range", "from must be before to.");
        }
        Instant now = clock.instant();
        Document replay = new Document("_id", UUID.randomUUID().toString()).append("tenantId", tenantId)
                .append("from", Date.from(from)).append("to", Date.from(to)).append("accountId", accountId)
                .append("status", Replays.RUNNING).append("published", 0L).append("skipped", 0L)
                .append("createdAt", Date.from(now)).append("updatedAt", Date.from(now));
        return replays.insert(replay).invoke(() -> run(replay).subscribe().with(
                done -> Log.infof("Replay %s completed", replay.getString("_id")),
                failure -> Log.warnf("Replay %s will be resumed: %s", replay.getString("_id"), failure)))
                .replaceWith(replay);
    }

    public Uni<Document> find(String tenantId, String replayId) {
        return replays.find(tenantId, replayId).map(found -> {
            if (found == null) {
                throw new NotFoundProblemException("No replay " + replayId + ".");
            }
            return found;
        });
    }

    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> resumeStalled() {
        return replays.stalledSince(clock.instant().minus(RESUME_AFTER)).flatMap(stalled -> stalled.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join().all(stalled.stream().map(this::run).toList()).andCollectFailures().replaceWithVoid());
    }

    /** Pages through the archive in original order; starts over when resumed (consumers skip what they applied). */
    Uni<Void> run(Document replay) {
        String replayId = replay.getString("_id");
        List<Bson> filters = new ArrayList<>(List.of(Filters.eq("tenantId", replay.getString("tenantId")),
                Filters.gte("timestamp", replay.getDate("from")), Filters.lt("timestamp", replay.getDate("to"))));
        if (replay.getString("accountId") != null) {
            filters.add(Filters.eq("accountId", replay.getString("accountId")));
        }
        Bson filter = Filters.and(filters);
        long[] published = { 0 };
        return Multi.createBy().repeating()
                .uni(() -> new Position(-1, -1), cursor -> archive.replayPage(filter, cursor.partition, cursor.offset, PAGE)
                        .call(page -> republish(page, replayId))
                        .invoke(page -> {
                            published[0] += page.size();
                            if (!page.isEmpty()) {
                                Document last = page.get(page.size() - 1);
                                cursor.partition = last.getInteger("kp");
                                cursor.offset = ((Number) last.get("ko")).longValue();
                            }
                        })
                        .call(page -> replays.progress(replayId, published[0], 0, clock.instant())))
                .until(List::isEmpty)
                .collect().last()
                .chain(() -> replays.complete(replayId, clock.instant()))
                .runSubscriptionOn(Infrastructure.getDefaultExecutor());
    }

    private Uni<Void> republish(List<Document> page, String replayId) {
        if (page.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // Sent in original order: the idempotent producer keeps each partition's records in the order they are sent.
        return Uni.join().all(page.stream().map(document -> publisher.republish(EventArchive.fromDocument(document, true),
                new EventPublisher.Position(document.getInteger("kp"), ((Number) document.get("ko")).longValue()),
                replayId)).toList()).andFailFast().replaceWithVoid();
    }

    /** The replay's cursor: the last original position published. */
    private static final class Position {
        int partition;
        long offset;

        Position(int partition, long offset) {
            this.partition = partition;
            this.offset = offset;
        }
    }
}
