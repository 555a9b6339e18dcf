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
import dev.uptake.testsupport.TestTopics;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.restassured.specification.RequestSpecification;

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
            List<Document> documents = new ArrayList<>(mongo.getDatabase("uptake").getCollection(name)
                    .find(Filters.eq("tenantId", tenantId)).collect().asList().await().atMost(Duration.ofSeconds(10)));
            documents.sort((a, b) -> a.get("_id").toString().compareTo(b.get("_id").toString()));
            snapshot.put(name, documents);
        }
        return snapshot;
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
