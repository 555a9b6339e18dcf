package dev.uptake.ingestion.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import dev.uptake.contracts.TrackedEvent;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The raw archive, which is also the dedupe log: one document per (tenant, messageId), claimed before publishing and
 * marked published after Kafka acknowledged it. A duplicate key means "seen before".
 */
@ApplicationScoped
public class EventArchive {

    public static final String PENDING = "pending";
    public static final String PUBLISHED = "published";
    public static final String FAILED = "failed";
    private static final int DUPLICATE_KEY = 11000;

    private final ReactiveMongoCollection<Document> events;

    public EventArchive(ReactiveMongoClient mongo, @ConfigProperty(name = "uptake.mongodb.database") String database) {
        this.events = mongo.getDatabase(database).getCollection("events");
    }

    void createIndexes(@Observes StartupEvent startup) {
        Uni.join().all(
                events.createIndex(Indexes.descending("tenantId", "receivedAt", "messageId")),
                events.createIndex(Indexes.ascending("tenantId", "userId", "receivedAt")),
                events.createIndex(Indexes.ascending("tenantId", "accountId", "receivedAt")),
                events.createIndex(Indexes.ascending("tenantId", "timestamp")),
                events.createIndex(Indexes.ascending("timestamp"), new IndexOptions().name("retention")))
                .andFailFast().await().indefinitely();
    }

    /**
     * {@code tenant/messageId}. A plain string rather than a sub-document: the Mongo stand-in compares composite keys by
     * serialising them, which made every claim and update several times slower. Tenant ids never contain '/'.
     */
    public static String id(String tenantId, String messageId) {
        return tenantId + '/' + messageId;
    }

    /** Inserts a pending claim per event; returns the indexes that already had a document. */
    public Uni<Set<Integer>> claim(List<TrackedEvent> batch, Instant now) {
        List<Document> documents = batch.stream().map(event -> toDocument(event, now)).toList();
        return events.insertMany(documents, new InsertManyOptions().ordered(false))
                .replaceWith(Set.<Integer>of())
                .onFailure(MongoBulkWriteException.class).recoverWithUni(failure -> {
                    Set<Integer> duplicates = new HashSet<>();
                    for (BulkWriteError error : ((MongoBulkWriteException) failure).getWriteErrors()) {
                        if (error.getCode() != DUPLICATE_KEY) {
                            return Uni.createFrom().failure(failure);
                        }
                        duplicates.add(error.getIndex());
                    }
                    return Uni.createFrom().item(duplicates);
                });
    }

    /** The claims that exist for these ids, by id: their state and when they were claimed. */
    public Uni<List<Document>> findClaims(List<String> ids) {
        return events.find(Filters.in("_id", ids)).collect().asList();
    }

    /** Takes over a failed or stale claim; false when another attempt got there first. */
    public Uni<Boolean> reclaim(String id, String expectedState, Date expectedClaimedAt, Instant now) {
        Bson filter = Filters.and(Filters.eq("_id", id), Filters.eq("state", expectedState),
                Filters.eq("claimedAt", expectedClaimedAt));
        return events.updateOne(filter, Updates.combine(Updates.set("state", PENDING), Updates.set("claimedAt",
                Date.from(now)))).map(result -> result.getModifiedCount() == 1);
    }

    /** Marks events published, remembering where Kafka stored each (a replay names that origin). */
    public Uni<Void> markPublished(List<String> ids, List<dev.uptake.ingestion.messaging.EventPublisher.Position> positions) {
        List<com.mongodb.client.model.WriteModel<Document>> updates = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            var position = positions.get(i);
            List<Bson> changes = new ArrayList<>(List.of(Updates.set("state", PUBLISHED)));
            if (position != null) {
                changes.add(Updates.set("kp", position.partition()));
                changes.add(Updates.set("ko", position.offset()));
            }
            updates.add(new com.mongodb.client.model.UpdateOneModel<>(Filters.eq("_id", ids.get(i)),
                    Updates.combine(changes)));
        }
        return updates.isEmpty() ? Uni.createFrom().voidItem() : events.bulkWrite(updates).replaceWithVoid();
    }

    public Uni<Void> mark(List<String> ids, String state) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return events.updateMany(Filters.in("_id", ids), Updates.set("state", state)).replaceWithVoid();
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

    public ReactiveMongoCollection<Document> collection() {
        return events;
    }

    static Document toDocument(TrackedEvent event, Instant now) {
        Document document = new Document("_id", id(event.tenantId(), event.messageId()))
                .append("tenantId", event.tenantId())
                .append("messageId", event.messageId())
                .append("type", event.type().wireName())
                .append("timestamp", date(event.timestamp()))
                .append("receivedAt", date(event.receivedAt()))
                .append("historical", event.historical())
                .append("state", PENDING)
                .append("claimedAt", Date.from(now));
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
