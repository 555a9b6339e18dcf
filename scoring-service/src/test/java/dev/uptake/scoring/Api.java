package dev.uptake.scoring;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;

import com.mongodb.client.model.Filters;

import dev.uptake.contracts.InternalHeaders;
import dev.uptake.contracts.Topics;
import dev.uptake.contracts.TrackedEvent;
import dev.uptake.scoring.service.MonthBackfill;
import dev.uptake.testsupport.TestTopics;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.test.junit.QuarkusMock;
import io.restassured.specification.RequestSpecification;
import io.smallrye.mutiny.Uni;

/** Shared test helpers: calls as a tenant through the gateway credential, and raw looks at what was stored. */
final class Api {

    static final List<String> ROLLUP_COLLECTIONS = List.of("accounts", "users", "user_days", "account_days", "account_months",
            "user_months", "sessions");

    private Api() {
    }

    static RequestSpecification asTenant(String tenantId) {
        return given().header(InternalHeaders.GATEWAY_TOKEN, "dev-only-internal-token-not-a-secret")
                .header(InternalHeaders.TENANT, tenantId).header(InternalHeaders.KEY_KIND, "read");
    }

    /** Every rollup document of a tenant, by collection and id, to compare before and after a replay. */
    static Map<String, List<Document>> snapshot(ReactiveMongoClient mongo, String tenantId) {
        Map<String, List<Document>> snapshot = new TreeMap<>();
        for (String name : ROLLUP_COLLECTIONS) {
            snapshot.put(name, stored(mongo, name, tenantId));
        }
        return snapshot;
    }

    /** A tenant's documents of {@code collection}, by id. */
    static List<Document> stored(ReactiveMongoClient mongo, String collection, String tenantId) {
        List<Document> documents = new ArrayList<>(mongo.getDatabase("uptake").getCollection(collection)
                .find(Filters.eq("tenantId", tenantId)).collect().asList().await().atMost(Duration.ofSeconds(10)));
        documents.sort((a, b) -> a.get("_id").toString().compareTo(b.get("_id").toString()));
        return documents;
    }

    /** Deletes a tenant's documents of {@code collection}. */
    static void deleteStored(ReactiveMongoClient mongo, String collection, String tenantId) {
        mongo.getDatabase("uptake").getCollection(collection).deleteMany(Filters.eq("tenantId", tenantId))
                .await().atMost(Duration.ofSeconds(10));
    }

    /** Forgets that the migration {@code id} ran, as a store from before it. */
    static void forgetMigration(ReactiveMongoClient mongo, String id) {
        mongo.getDatabase("uptake").getCollection("migrations").deleteOne(Filters.eq("_id", id))
                .await().atMost(Duration.ofSeconds(10));
    }

    /**
     * As on a replica that starts on a store from before the months: their backfill has not finished anywhere. Made
     * before, a Uni of the real bean still runs it.
     */
    static void installUnfinishedMonthBackfill() {
        QuarkusMock.installMockForType(new MonthBackfill(null, null, null, null, null, null, null, null) {
            @Override
            public Uni<Boolean> complete(String migration) {
                return Uni.createFrom().item(false);
            }

            @Override
            public Uni<Void> ready() {
                return Uni.createFrom().voidItem();
            }
        }, MonthBackfill.class);
    }

    /** The tenant's events as stored on the topic, with their partitions and offsets, in partition order. */
    static List<IncomingEvent> replay(String tenantId, int expected) {
        return TestTopics.read(Topics.EVENTS, r -> r.key() != null && r.key().startsWith(tenantId + "/"), expected,
                Duration.ofSeconds(15)).stream().map(Api::incoming).toList();
    }

    static IncomingEvent incoming(ConsumerRecord<String, String> record) {
        try {
            return new IncomingEvent(TestEvents.JSON.readValue(record.value(), TrackedEvent.class), record.partition(),
                    record.offset());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
