package dev.uptake.campaign.signal.repository;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.uptake.campaign.signal.ReceivedSignal;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

/** Stored signals; every read is scoped to one tenant. Keyed by the signal's own id, hence not a Long repository. */
@ApplicationScoped
@WithSession
public class ReceivedSignalRepository implements PanacheRepositoryBase<ReceivedSignal, String> {

    // The primary key makes a redelivery a no-op, even when two consumers race on the same signal.
    private static final String INSERT_IF_ABSENT = """
            insert into signals (signal_id, schema_version, tenant_id, subject_type, subject_id, kind, from_state,
                                 to_state, occurred_at, historical, received_at)
            values (:signalId, :schemaVersion, :tenantId, :subjectType, :subjectId, :kind, :fromState,
                    :toState, :occurredAt, :historical, :receivedAt)
            on conflict (signal_id) do nothing""";

    /** Inserts the signal unless one with its id is stored; true when it was new. */
    public Uni<Boolean> insertIfAbsent(ReceivedSignal signal) {
        return getSession().chain(session -> session.createNativeQuery(INSERT_IF_ABSENT)
                .setParameter("signalId", signal.signalId)
                .setParameter("schemaVersion", signal.schemaVersion)
                .setParameter("tenantId", signal.tenantId)
                .setParameter("subjectType", signal.subjectType.name())
                .setParameter("subjectId", signal.subjectId)
                .setParameter("kind", signal.kind)
                .setParameter("fromState", signal.fromState)
                .setParameter("toState", signal.toState)
                .setParameter("occurredAt", signal.occurredAt)
                .setParameter("historical", signal.historical)
                .setParameter("receivedAt", signal.receivedAt)
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    public Uni<ReceivedSignal> findInTenant(String tenantId, String signalId) {
        return find("tenantId = :tenantId and signalId = :signalId",
                Parameters.with("tenantId", tenantId).and("signalId", signalId)).firstResult();
    }

    /**
     * Newest first, ties broken by signal id, starting strictly after {@code after} (keyset paging, so rows that
     * arrive meanwhile never shift a page). {@code subjectId}, {@code kind} and {@code after} are optional.
     */
    public Uni<List<ReceivedSignal>> page(String tenantId, String subjectId, String kind, Position after, int size) {
        StringBuilder query = new StringBuilder("tenantId = :tenantId");
        Parameters parameters = Parameters.with("tenantId", tenantId);
        if (subjectId != null) {
            query.append(" and subjectId = :subjectId");
            parameters.and("subjectId", subjectId);
        }
        if (kind != null) {
            query.append(" and kind = :kind");
            parameters.and("kind", kind);
        }
        if (after != null) {
            query.append(" and (receivedAt < :receivedAt or (receivedAt = :receivedAt and signalId > :signalId))");
            parameters.and("receivedAt", after.receivedAt()).and("signalId", after.signalId());
        }
        query.append(" order by receivedAt desc, signalId asc");
        return find(query.toString(), parameters).range(0, size - 1).list();
    }

    /** Where a page ended: the last row's sort key. */
    public record Position(Instant receivedAt, String signalId) {
    }
}
