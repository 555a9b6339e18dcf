package dev.uptake.scoring.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;

import dev.uptake.testsupport.KafkaTestResource;
import dev.uptake.testsupport.MongoTestResource;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(MongoTestResource.class)
class UpdateDocumentTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Date MONDAY = new Date(1_764_547_200_000L);
    private static final Date TUESDAY = new Date(1_764_633_600_000L);

    @Inject
    ReactiveMongoClient mongo;

    /** Every operator the rollups use, with a field set twice; {@code days} grows past the kept length. */
    private static UpdateDocument built(int events, Date seen, List<String> days) {
        return new UpdateDocument().setOnInsert("tenantId", "acme").inc("eventCount", events).inc("ev.Report", 2L)
                .min("firstSeenAt", seen).max("lastSeenAt", seen).max("lastUsed.Report", "2026-12-01")
                .set("traits", Map.of("plan", "pro")).set("segment", "new").set("segment", "casual")
                .addEachToSet("accounts", List.of("a1", "a2"))
                .pushSortedKeepingLast("activeDays", days, 3);
    }

    private static Bson combined(int events, Date seen, List<String> days) {
        return Updates.combine(Updates.setOnInsert("tenantId", "acme"), Updates.inc("eventCount", events),
                Updates.inc("ev.Report", 2L), Updates.min("firstSeenAt", seen), Updates.max("lastSeenAt", seen),
                Updates.max("lastUsed.Report", "2026-12-01"), Updates.set("traits", Map.of("plan", "pro")),
                Updates.set("segment", "new"), Updates.set("segment", "casual"),
                Updates.addEachToSet("accounts", List.of("a1", "a2")),
                Updates.pushEach("activeDays", days, new PushOptions().sort(1).slice(-3)));
    }

    @Test
    void shouldEncodeAsTheDriversCombinedUpdatesDo() {
        BsonDocument ours = built(1, MONDAY, List.of("2026-12-01")).toBsonDocument(Document.class,
                MongoClientSettings.getDefaultCodecRegistry());
        BsonDocument drivers = combined(1, MONDAY, List.of("2026-12-01")).toBsonDocument(Document.class,
                MongoClientSettings.getDefaultCodecRegistry());

        assertThat(ours).isEqualTo(drivers);
        assertThat(built(1, MONDAY, List.of("2026-12-01")).encoded()).isEqualTo(drivers);
    }

    @Test
    void shouldLeaveTheSameDocumentAsTheDriversUpdatesAfterAnUpsertAndAnUpdate() {
        Document ours = appliedTwice(true);
        Document drivers = appliedTwice(false);

        assertThat(ours.getInteger("eventCount")).isEqualTo(3);
        assertThat(ours.getList("activeDays", String.class)).containsExactly("2026-11-29", "2026-11-30", "2026-12-01");
        assertThat(ours.getString("segment")).isEqualTo("casual");
        assertThat(ours.getDate("firstSeenAt")).isEqualTo(MONDAY);
        assertThat(ours.getDate("lastSeenAt")).isEqualTo(TUESDAY);
        ours.remove("_id");
        drivers.remove("_id");
        assertThat(ours).isEqualTo(drivers);
    }

    /** Upserts, then updates, one document with our updates (encoded, as the rollups send them) or the driver's. */
    private Document appliedTwice(boolean ours) {
        var store = mongo.getDatabase("update-document-test").getCollection("updates-" + UUID.randomUUID());
        List<WriteModel<Document>> first = List.of(new UpdateOneModel<>(new Document("_id", "u-1"),
                ours ? built(1, TUESDAY, List.of("2026-12-01", "2026-11-28")).encoded()
                        : combined(1, TUESDAY, List.of("2026-12-01", "2026-11-28")),
                new UpdateOptions().upsert(true)));
        List<WriteModel<Document>> second = List.of(new UpdateOneModel<>(new Document("_id", "u-1"),
                ours ? built(2, MONDAY, List.of("2026-11-29", "2026-11-30")).encoded()
                        : combined(2, MONDAY, List.of("2026-11-29", "2026-11-30")),
                new UpdateOptions().upsert(true)));
        store.bulkWrite(first).await().atMost(WAIT);
        store.bulkWrite(second).await().atMost(WAIT);
        return store.find(new Document("_id", "u-1")).collect().first().await().atMost(WAIT);
    }
}
