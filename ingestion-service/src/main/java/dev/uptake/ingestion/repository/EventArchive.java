package dev.uptake.ingestion.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import dev.uptake.contracts.TrackedEvent;
import dev.uptake.kit.mongo.IdLookups;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The raw archive and the dedupe log. A small claim per (tenant, messageId) is inserted before publishing; the full
 * event is archived once, after Kafka acknowledged it. A duplicate claim key means "seen before", and an archived
 * event means "published". Nothing is updated on the happy path: the Mongo stand-in spends most of its time in update
 * bookkeeping, and a real MongoDB also writes less. Inserts of concurrent requests go out together ({@link GroupInsert}).
 */
@ApplicationScoped
public class EventArchive {

    public static final String PENDING = "pending";
    /** A claim's attempts taken over by a later one, oldest first. */
    static final String EARLIER = "earlier";
    public static final String PUBLISHED = "published";
    public static final String FAILED = "failed";

    private final ReactiveMongoCollection<Document> events;
    private final ReactiveMongoCollection<Document> claims;
    private final GroupInsert claimInserts;
    private final GroupInsert eventInserts;

    public EventArchive(ReactiveMongoClient mongo, @ConfigProperty(name = "uptake.mongodb.database") String database) {
        this.events = mongo.getDatabase(database).getCollection("events");
        this.claims = mongo.getDatabase(database).getCollection("claims");
        this.claimInserts = new GroupInsert(claims);
        this.eventInserts = new GroupInsert(events);
    }

    void createIndexes(@Observes StartupEvent startup) {
        Uni.join().all(
                events.createIndex(Indexes.descending("tenantId", "receivedAt", "messageId")),
                events.createIndex(Indexes.ascending("tenantId", "userId", "receivedAt")),
                events.createIndex(Indexes.ascending("tenantId", "accountId", "receivedAt")),
                events.createIndex(Indexes.ascending("tenantId", "timestamp")),
                events.createIndex(Indexes.ascending("timestamp"), new IndexOptions().name("retention")),
                claims.createIndex(Indexes.ascending("timestamp"), new IndexOptions().name("retention")))
                .andFailFast().await().indefinitely();
    }

    /**
     * {@code tenant/messageId}. A plain string rather than a sub-document: the Mongo stand-in compares composite keys by
     * serialising them, which made every claim and update several times slower. Tenant ids never contain '/'.
     */
    public static String id(String tenantId, String messageId) {
        return tenantId + '/' + messageId;
    }

    /** Inserts a pending claim per event; returns the indexes that already had one. */
    public Uni<Set<Integer>> claim(List<TrackedEvent> batch, Instant now) {
        List<Document> documents = new ArrayList<>(batch.size());
        // The event's timestamp rides along so a claim is purged by the same rule as its archived event.
        batch.forEach(event -> documents.add(new Document("_id", id(event.tenantId(), event.messageId()))
                .append("state", PENDING).append("claimedAt", Date.from(now))
                .append("timestamp", date(event.timestamp())).append("receivedAt", date(event.receivedAt()))));
        return claimInserts.insert(documents);
    }

    /** The claims that exist for these ids: their state and when they were claimed. */
    public Uni<List<Document>> findClaims(List<String> ids) {
        return IdLookups.byIds(claims, ids, new io.quarkus.mongodb.FindOptions()).collect().asList();
    }

    /** Of these ids, the ones whose event is archived, that is, published. */
    public Uni<Set<String>> archived(List<String> ids) {
        return IdLookups.byIds(events, ids, new io.quarkus.mongodb.FindOptions().projection(new Document("_id", 1)))
                .map(document -> document.getString("_id")).collect().asSet();
    }

    /**
     * Takes over a failed or stale claim; false when another attempt got there first. The attempt it replaces is kept
     * in {@code earlier}: if this one dies too, the next must still look for what that one may have sent.
     */
    public Uni<Boolean> reclaim(String id, String expectedState, Date expectedClaimedAt, Instant now) {
        Bson filter = Filters.and(Filters.eq("_id", id), Filters.eq("state", expectedState),
                Filters.eq("claimedAt", expectedClaimedAt));
        return claims.updateOne(filter, Updates.combine(Updates.set("state", PENDING), Updates.set("claimedAt",
                Date.from(now)), Updates.push(EARLIER, expectedClaimedAt)))
                .map(result -> result.getModifiedCount() == 1);
    }

    /** When each attempt on this claim began: the earlier ones taken over, and the current one. */
    public static List<Instant> attempts(Document claim) {
        List<Instant> attempts = new ArrayList<>();
        for (Object earlier : claim.getList(EARLIER, Object.class, List.of())) {
            if (earlier instanceof Date date) {
                attempts.add(date.toInstant());
            }
        }
        attempts.add(claim.getDate("claimedAt").toInstant());
        return attempts;
    }

    /**
     * Archives published events, remembering where Kafka stored each (a replay names that origin). An event archived
     * already (a retry that raced this one) is left as it is.
     */
    public Uni<Void> archive(List<TrackedEvent> published, List<dev.uptake.ingestion.messaging.EventPublisher.Position> positions) {
        List<Document> documents = new ArrayList<>(published.size());
        for (int i = 0; i < published.size(); i++) {
            Document document = toDocument(published.get(i));
            var position = positions.get(i);
            if (position != null) {
                document.append("kp", position.partition()).append("ko", position.offset());
            }
            documents.add(document);
        }
        return eventInserts.insert(documents).replaceWithVoid();
    }

    /** Marks claims failed, so a retry takes them over at once instead of waiting for them to go stale. */
    public Uni<Void> markFailed(List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return claims.updateMany(Filters.in("_id", ids), Updates.set("state", FAILED)).replaceWithVoid();
    }

    /**
     * Strips the users' events down to what dedupe needs (tenant, messageId, times), so a retry of a deleted event is
     * still recognised and nothing personal remains.
     */
    public Uni<Long> forgetUsers(String tenantId, List<String> userIds) {
        return events.updateMany(Filters.and(Filters.eq("tenantId", tenantId), Filters.in("userId", userIds)),
                Updates.combine(Updates.unset("userId"), Updates.unset("anonymousId"), Updates.unset("accountId"),
                        Updates.unset("event"), Updates.unset("name"), Updates.unset("groupId"),
                        Updates.unset("previousId"), Updates.unset("properties"), Updates.unset("traits"),
                        Updates.unset("context"), Updates.set("deleted", true)))
                .map(result -> result.getModifiedCount());
    }

    /**
     * Published, undeleted events in order of their original Kafka position, after {@code (afterPartition,
     * afterOffset)}: the order a replay must keep so every consumer sees each partition's events in order.
     */
    public Uni<List<Document>> replayPage(Bson filter, int afterPartition, long afterOffset, int limit) {
        Bson after = Filters.or(Filters.gt("kp", afterPartition),
                Filters.and(Filters.eq("kp", afterPartition), Filters.gt("ko", afterOffset)));
        return events.find(Filters.and(filter, Filters.eq("state", PUBLISHED), Filters.ne("deleted", true),
                Filters.exists("kp"), after), new io.quarkus.mongodb.FindOptions().sort(Sorts.ascending("kp", "ko"))
                        .limit(limit)).collect().asList();
    }

    public Uni<List<Document>> page(Bson filter, int limit) {
        return events.find(Filters.and(filter, Filters.eq("state", PUBLISHED), Filters.ne("deleted", true)),
                new io.quarkus.mongodb.FindOptions().sort(Sorts.descending("receivedAt", "messageId")).limit(limit))
                .collect().asList();
    }

    /** Deletes the events matching {@code expired} and their claims by the same rule; the item counts the events. */
    public Uni<Long> purge(Bson expired) {
        return events.deleteMany(expired).map(result -> result.getDeletedCount())
                .call(() -> claims.deleteMany(expired));
    }

    /** The dedupe log itself, for tests that stage what an interrupted attempt leaves behind. */
    public ReactiveMongoCollection<Document> claims() {
        return claims;
    }

    static Document toDocument(TrackedEvent event) {
        Document document = new Document("_id", id(event.tenantId(), event.messageId()))
                .append("tenantId", event.tenantId())
                .append("messageId", event.messageId())
                .append("type", event.type().wireName())
                .append("timestamp", date(event.timestamp()))
                .append("receivedAt", date(event.receivedAt()))
                .append("historical", event.historical())
                .append("state", PUBLISHED);
        putIfPresent(document, "userId", event.userId());
        putIfPresent(document, "anonymousId", event.anonymousId());
        putIfPresent(document, "accountId", event.accountId());
        putIfPresent(document, "event", event.event());
        putIfPresent(document, "name", event.name());
        putIfPresent(document, "groupId", event.groupId());
        putIfPresent(document, "previousId", event.previousId());
        putIfPresent(document, "originalTimestamp", date(event.originalTimestamp()));
        putIfPresent(document, "sentAt", date(event.sentAt()));
        putIfPresent(document, "properties", event.properties());
        putIfPresent(document, "traits", event.traits());
        putIfPresent(document, "context", event.context());
        return document;
    }

    @SuppressWarnings("unchecked")
    public static TrackedEvent fromDocument(Document document, boolean historical) {
        return new TrackedEvent(TrackedEvent.SCHEMA_VERSION, document.getString("tenantId"),
                document.getString("messageId"), dev.uptake.contracts.EventType.fromWireName(document.getString("type")),
                document.getString("userId"), document.getString("anonymousId"), document.getString("accountId"),
                document.getString("event"), document.getString("name"), document.getString("groupId"),
                document.getString("previousId"), (Map<String, Object>) document.get("properties"),
                (Map<String, Object>) document.get("traits"), (Map<String, Object>) document.get("context"),
                instant(document.getDate("timestamp")), instant(document.getDate("originalTimestamp")),
                instant(document.getDate("sentAt")), instant(document.getDate("receivedAt")), historical);
    }

    private static void putIfPresent(Document document, String key, Object value) {
        if (value != null) {
            document.append(key, value);
        }
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    public static List<String> ids(List<TrackedEvent> events) {
        List<String> ids = new ArrayList<>(events.size());
        events.forEach(event -> ids.add(id(event.tenantId(), event.messageId())));
        return ids;
    }
}
