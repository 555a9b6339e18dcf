package dev.uptake.scoring.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;

import dev.uptake.contracts.Signal;
import dev.uptake.contracts.SubjectType;
import dev.uptake.kit.problem.ProblemException;
import dev.uptake.scoring.Feature;
import dev.uptake.scoring.config.ScoringConfig;
import dev.uptake.scoring.repository.AccountRollups;
import dev.uptake.scoring.repository.DocumentStore;
import dev.uptake.scoring.repository.FeatureCatalog;
import dev.uptake.scoring.repository.SignalOutbox;
import dev.uptake.scoring.repository.UserProfiles;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Segments that change with no event at all: silence makes subjects at-risk then dormant, and old active days leave the rolling window. A scheduled
 * pass re-evaluates every subject against the injected clock; signals go through the outbox with deterministic ids.
 */
@ApplicationScoped
public class SegmentService {

    private final UserProfiles users;
    private final AccountRollups accounts;
    private final SignalOutbox outbox;
    private final OutboxRelay relay;
    private final Clock clock;
    private final SegmentRules rules;
    private final FeatureCatalog catalog;

    public SegmentService(UserProfiles users, AccountRollups accounts, FeatureCatalog catalog, SignalOutbox outbox,
            OutboxRelay relay, Clock clock, ScoringConfig config) {
        this.catalog = catalog;
        this.users = users;
        this.accounts = accounts;
        this.outbox = outbox;
        this.relay = relay;
        this.clock = clock;
        this.rules = new SegmentRules(config.segments());
    }

    @Scheduled(every = "${uptake.scoring.segments.reevaluate-every}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return reevaluate().onFailure().invoke(e -> Log.warnf("Segment re-evaluation failed, next run retries: %s",
                e.toString())).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Re-evaluates every user and account as of the clock; the item is the number of segment changes. */
    public Uni<Integer> reevaluate() {
        Instant now = clock.instant();
        return catalog.list(new Document(), null, 0).chain(features -> {
            Map<String, List<Feature>> catalogs = new java.util.HashMap<>();
            features.forEach(document -> catalogs.computeIfAbsent(document.getString("tenantId"),
                    t -> new ArrayList<>()).add(FeatureCatalog.fromDocument(document)));
            List<Signal> signals = new ArrayList<>();
            List<WriteModel<Document>> userWrites = new ArrayList<>();
            List<WriteModel<Document>> accountWrites = new ArrayList<>();
            // Streamed and narrowed: a tenant's whole user documents (counters, summaries) do not fit the heap.
            return users.stream(new Document(), Projections.include(subjectFields("userId"))).invoke(document ->
                            change(SubjectType.USER, "userId", document, now, catalogs, signals).ifPresent(userWrites::add))
                    .collect().last().replaceWithVoid()
                    .chain(() -> accounts.stream(new Document(), Projections.include(subjectFields("accountId")))
                            .invoke(document -> change(SubjectType.ACCOUNT, "accountId", document, now, catalogs, signals)
                                    .ifPresent(accountWrites::add))
                            .collect().last().replaceWithVoid())
                    .chain(() -> outbox.add(signals)).chain(() -> users.write(userWrites))
                    .chain(() -> accounts.write(accountWrites)).chain(relay::publishPending)
                    .replaceWith(signals::size);
        });
    }

    /** What {@link SegmentRules.Subject#of} and a change read of a subject. */
    private static List<String> subjectFields(String idField) {
        return List.of("tenantId", idField, "segment", "maturity", "historical", "lastSeenAt", "lastActiveAt",
                "createdAt", "firstSeenAt", "activeDays", "firstActiveDay", "role", "lastUsed");
    }

    /** The guarded update of one subject whose segment or maturity moved, with its signal added; empty if none did. */
    private Optional<WriteModel<Document>> change(SubjectType type, String idField, Document document,
            Instant now, Map<String, List<Feature>> catalogs, List<Signal> signals) {
        java.util.Date lastSeen = document.getDate("lastSeenAt");
        if (lastSeen != null && lastSeen.toInstant().isAfter(now)) {
            return Optional.empty(); // data from the clock's future (a skewed clock): leave it to the event path
        }
        SegmentRules.Subject subject = SegmentRules.Subject.of(document);
        String segment = rules.segment(subject, now, catalogs.getOrDefault(document.getString("tenantId"), List.of()));
        String maturity = SegmentRules.maturity(subject, now);
        String previous = document.getString("segment");
        if (segment.equals(previous) && maturity.equals(document.getString("maturity"))) {
            return Optional.empty();
        }
        if (!segment.equals(previous)) {
            signals.add(Signal.of(document.getString("tenantId"), type, document.getString(idField),
                    SegmentRules.KIND, previous, segment, rules.changedAt(subject, segment, now),
                    document.getBoolean("historical", false)));
        }
        // Only if nothing moved it meanwhile: the event path re-evaluates with fresher data anyway.
        return Optional.of(new UpdateOneModel<>(Filters.and(Filters.eq("_id", document.get("_id")),
                previous == null ? Filters.exists("segment", false) : Filters.eq("segment", previous)),
                Updates.combine(Updates.set("segment", segment), Updates.set("maturity", maturity))));
    }

    /** Counts of users and accounts per segment and per maturity. */
    public record Summary(Map<String, Map<String, Long>> segments, Map<String, Map<String, Long>> maturity) {
    }

    public Uni<Summary> summary(String tenantId) {
        List<String> fields = List.of("segment", "maturity");
        return Uni.combine().all().unis(users.ofTenant(tenantId, fields), accounts.ofTenant(tenantId, fields)).asTuple()
                .map(found -> {
                    Map<String, Map<String, Long>> segments = new LinkedHashMap<>();
                    Map<String, Map<String, Long>> maturity = new LinkedHashMap<>();
                    segments.put("users", count(found.getItem1(), "segment", SegmentRules.SEGMENTS));
                    segments.put("accounts", count(found.getItem2(), "segment", SegmentRules.SEGMENTS));
                    List<String> stages = List.of("new", "developing", "mature");
                    maturity.put("users", count(found.getItem1(), "maturity", stages));
                    maturity.put("accounts", count(found.getItem2(), "maturity", stages));
                    return new Summary(segments, maturity);
                });
    }

    public record Page(List<Document> items, String nextCursor) {
    }

    /** Members of one segment, ordered by id. */
    public Uni<Page> members(String tenantId, String kind, String name, int limit, String cursor) {
        if (!kind.equals("users") && !kind.equals("accounts")) {
            throw ProblemException.badRequest("invalid-parameter", "Invalid parameter", "kind must be users or accounts.");
        }
        SegmentRules.checkSegment(name);
        Cursors.checkLimit(limit);
        String after = Cursors.decode(cursor);
        String idField = kind.equals("users") ? "userId" : "accountId";
        DocumentStore store = kind.equals("users") ? users : accounts;
        var filter = after == null
                ? Filters.and(Filters.eq("tenantId", tenantId), Filters.eq("segment", name))
                : Filters.and(Filters.eq("tenantId", tenantId), Filters.eq("segment", name), Filters.gt(idField, after));
        return store.list(filter, com.mongodb.client.model.Sorts.ascending(idField), limit + 1).map(found -> {
            boolean more = found.size() > limit;
            List<Document> items = more ? found.subList(0, limit) : found;
            return new Page(items, more ? Cursors.encode(items.get(items.size() - 1).getString(idField)) : null);
        });
    }

    private static Map<String, Long> count(List<Document> documents, String field, List<String> names) {
        Map<String, Long> counts = new TreeMap<>();
        names.forEach(name -> counts.put(name, 0L));
        documents.stream().map(document -> document.getString(field)).filter(names::contains)
                .forEach(name -> counts.merge(name, 1L, Long::sum));
        return counts;
    }
}
