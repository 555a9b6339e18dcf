package dev.uptake.ingestion.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import dev.uptake.contracts.PrivacyRequest;
import dev.uptake.ingestion.messaging.PrivacyPublisher;
import dev.uptake.ingestion.repository.EventArchive;
import dev.uptake.ingestion.repository.Memberships;
import dev.uptake.ingestion.repository.PrivacyRequests;
import dev.uptake.ingestion.repository.Suppressions;
import dev.uptake.kit.problem.NotFoundProblemException;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Segment-style regulations: DELETE strips the users' raw events and tells the other services to delete what they
 * derived; SUPPRESS drops the users' future events; UNSUPPRESS lifts that. Requests are stored first and carried out in
 * the background; a request a crash interrupted is taken up again by a scheduled sweep (every step is idempotent).
 */
@ApplicationScoped
public class PrivacyService {

    static final Duration RESUME_AFTER = Duration.ofMinutes(1);

    private final PrivacyRequests requests;
    private final Suppressions suppressions;
    private final EventArchive archive;
    private final Memberships memberships;
    private final PrivacyPublisher publisher;
    private final Clock clock;

    public PrivacyService(PrivacyRequests requests, Suppressions suppressions, EventArchive archive,
            Memberships memberships, PrivacyPublisher publisher, Clock clock) {
        this.requests = requests;
        this.suppressions = suppressions;
        this.archive = archive;
        this.memberships = memberships;
        this.publisher = publisher;
        this.clock = clock;
    }

    public Uni<Document> submit(String tenantId, PrivacyRequest.Type type, List<String> userIds) {
        Instant now = clock.instant();
        Document request = new Document("_id", UUID.randomUUID().toString()).append("tenantId", tenantId)
                .append("type", type.name()).append("userIds", userIds).append("status", PrivacyRequests.PENDING)
                .append("createdAt", Date.from(now));
        return requests.insert(request).invoke(() -> carryOut(request).subscribe().with(
                done -> Log.infof("Privacy request %s (%s) completed", request.getString("_id"), type),
                failure -> Log.warnf("Privacy request %s will be resumed: %s", request.getString("_id"), failure)))
                .replaceWith(request);
    }

    public Uni<Document> find(String tenantId, String requestId) {
        return requests.find(tenantId, requestId).map(found -> {
            if (found == null) {
                throw new NotFoundProblemException("No privacy request " + requestId + ".");
            }
            return found;
        });
    }

    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> resumeInterrupted() {
        return requests.pendingSince(clock.instant().minus(RESUME_AFTER)).flatMap(pending -> pending.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join().all(pending.stream().map(this::carryOut).toList()).andCollectFailures().replaceWithVoid());
    }

    @SuppressWarnings("unchecked")
    Uni<Void> carryOut(Document request) {
        String tenantId = request.getString("tenantId");
        PrivacyRequest.Type type = PrivacyRequest.Type.valueOf(request.getString("type"));
        List<String> userIds = (List<String>) request.get("userIds");
        Uni<Void> suppression = type == PrivacyRequest.Type.UNSUPPRESS ? suppressions.unsuppress(tenantId, userIds)
                : type.suppresses() ? suppressions.suppress(tenantId, userIds) : Uni.createFrom().voidItem();
        Uni<Long> deletion = !type.deletes() ? Uni.createFrom().item(0L)
                : archive.forgetUsers(tenantId, userIds)
                        .call(() -> memberships.forget(tenantId, userIds))
                        .call(() -> publisher.publish(new PrivacyRequest(PrivacyRequest.SCHEMA_VERSION,
                                request.getString("_id"), tenantId, type, userIds,
                                request.getDate("createdAt").toInstant())));
        return suppression.chain(() -> deletion)
                .chain(deleted -> requests.complete(request.getString("_id"), deleted, clock.instant()))
                .runSubscriptionOn(Infrastructure.getDefaultExecutor());
    }
}
