package dev.uptake.campaign.signal.repository;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.uptake.campaign.paging.Keyset;
import dev.uptake.campaign.signal.ReceivedSignal;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Stored signals; every read is scoped to one tenant. Keyed by the signal's own id, hence not a Long repository. */
@ApplicationScoped
public class ReceivedSignalRepository implements PanacheRepositoryBase<ReceivedSignal, String> {

    // The primary key makes a redelivery a no-op, even when two consumers race on the same signal. One statement for
    // a whole polled batch: arrays unnested into rows, so its cost does not grow with the number of placeholders.
    private static final String INSERT_ABSENT = """
            insert into signals (signal_id, schema_version, tenant_id, subject_type, subject_id, kind, from_state,
                                 to_state, occurred_at, historical, received_at)
            select * from unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                                 $8::text[], $9::timestamptz[], $10::bool[], $11::timestamptz[])
            on conflict (signal_id) do nothing
            returning signal_id""";

    private final Pool pool;

    public ReceivedSignalRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Inserts the signals not stored yet, in one statement (atomic on its own, so no session or transaction); the
     * item holds the ids that were new. Straight through the reactive client: Hibernate binds no arrays and reads
     * nothing back from an insert, and one statement a batch is what keeps intake cheap.
     */
    public Uni<Set<String>> insertAbsent(List<ReceivedSignal> signals) {
        if (signals.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        int n = signals.size();
        String[] ids = new String[n];
        Integer[] versions = new Integer[n];
        String[] tenants = new String[n];
        String[] subjectTypes = new String[n];
        String[] subjects = new String[n];
        String[] kinds = new String[n];
        String[] froms = new String[n];
        String[] tos = new String[n];
        OffsetDateTime[] occurred = new OffsetDateTime[n];
        Boolean[] historical = new Boolean[n];
        OffsetDateTime[] received = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            ReceivedSignal signal = signals.get(i);
            ids[i] = signal.signalId;
            versions[i] = signal.schemaVersion;
            tenants[i] = signal.tenantId;
            subjectTypes[i] = signal.subjectType.name();
            subjects[i] = signal.subjectId;
            kinds[i] = signal.kind;
            froms[i] = signal.fromState;
            tos[i] = signal.toState;
            occurred[i] = signal.occurredAt.atOffset(ZoneOffset.UTC);
            historical[i] = signal.historical;
            received[i] = signal.receivedAt.atOffset(ZoneOffset.UTC);
        }
        Tuple arrays = Tuple.tuple(List.of(ids, versions, tenants, subjectTypes, subjects, kinds, froms, tos, occurred,
                historical, received));
        return pool.preparedQuery(INSERT_ABSENT).execute(arrays).map(rows -> {
            Set<String> inserted = new HashSet<>();
            rows.forEach(row -> inserted.add(row.getString(0)));
            return inserted;
        });
    }

    @WithSession
    public Uni<ReceivedSignal> findInTenant(String tenantId, String signalId) {
        return find("tenantId = :tenantId and signalId = :signalId",
                Parameters.with("tenantId", tenantId).and("signalId", signalId)).firstResult();
    }

    /**
     * Newest first, ties broken by signal id, starting strictly after {@code after} (keyset paging, so rows that
     * arrive meanwhile never shift a page). {@code subjectId}, {@code kind} and {@code after} are optional.
     */
    @WithSession
    public Uni<List<ReceivedSignal>> page(String tenantId, String subjectId, String kind, Keyset after, int size) {
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
            parameters.and("receivedAt", after.at()).and("signalId", after.id());
        }
        query.append(" order by receivedAt desc, signalId asc");
        return find(query.toString(), parameters).range(0, size - 1).list();
    }
}
