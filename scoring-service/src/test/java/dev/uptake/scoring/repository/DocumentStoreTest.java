package dev.uptake.scoring.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.model.Projections;

import dev.uptake.kit.mongo.IdLookups;
import dev.uptake.testsupport.KafkaTestResource;
import dev.uptake.testsupport.MongoTestResource;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(MongoTestResource.class)
class DocumentStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    ReactiveMongoClient mongo;

    private DocumentStore freshStore() {
        return new DocumentStore(mongo, "document-store-test", "c-" + UUID.randomUUID()) {
        };
    }

    @Test
    void shouldFindEveryDocumentWhenTheIdsSpanSeveralQueries() {
        DocumentStore store = freshStore();
        int stored = 2 * IdLookups.IDS_PER_QUERY + 37;
        List<Document> documents = IntStream.range(0, stored)
                .mapToObj(i -> new Document("_id", "id-" + i).append("n", i)).toList();
        store.collection.insertMany(documents).await().atMost(WAIT);
        List<String> asked = new ArrayList<>(documents.stream().map(d -> d.getString("_id")).toList());
        asked.addAll(List.of("missing-1", "missing-2"));

        Map<String, Document> found = store.findAll(asked).await().atMost(WAIT);

        assertThat(found).hasSize(stored).doesNotContainKeys("missing-1", "missing-2");
        IntStream.range(0, stored).forEach(i -> assertThat(found.get("id-" + i).getInteger("n")).isEqualTo(i));
    }

    @Test
    void shouldNarrowEachDocumentToTheProjection() {
        DocumentStore store = freshStore();
        store.collection.insertMany(IntStream.range(0, IdLookups.IDS_PER_QUERY + 1).mapToObj(i -> new Document("_id",
                "id-" + i).append("wm", new Document("p0", (long) i)).append("ev", new Document("Report Built", i))
                .append("activeDays", List.of("2026-11-30"))).toList()).await().atMost(WAIT);
        List<String> ids = IntStream.range(0, IdLookups.IDS_PER_QUERY + 1).mapToObj(i -> "id-" + i).toList();

        Map<String, Document> watermarks = store.findAll(ids, Projections.include("wm")).await().atMost(WAIT);
        Map<String, Document> withoutCounts = store.findAll(ids, Projections.exclude("ev")).await().atMost(WAIT);

        assertThat(watermarks).hasSize(ids.size());
        assertThat(watermarks.get("id-100")).containsOnlyKeys("_id", "wm");
        assertThat(watermarks.get("id-100").get("wm", Document.class).getLong("p0")).isEqualTo(100L);
        assertThat(withoutCounts.get("id-7")).containsOnlyKeys("_id", "wm", "activeDays");
    }

    @Test
    void shouldKeepABatchsDocumentsCompactAndDecodeEachAsTheWholeReadWould() {
        DocumentStore store = freshStore();
        Date seen = new Date(1_764_547_200_000L);
        List<Document> documents = IntStream.range(0, IdLookups.IDS_PER_QUERY + 3).mapToObj(i -> new Document("_id",
                "id-" + i).append("wm", new Document("p0", (long) i).append("p2", 7L)).append("lastSeenAt", seen)
                .append("segment", "power").append("eventCount", i).append("arr", 1.5 * i)
                .append("activeDays", List.of("2026-11-29", "2026-11-30")).append("ev", new Document("x", 1)))
                .toList();
        store.collection.insertMany(documents).await().atMost(WAIT);
        List<String> ids = new ArrayList<>(documents.stream().map(d -> d.getString("_id")).toList());
        ids.add("missing");

        Map<String, Document> whole = store.findAll(ids, Projections.exclude("ev")).await().atMost(WAIT);
        CompactDocuments compact = store.findCompact(ids, Projections.exclude("ev")).await().atMost(WAIT);

        assertThat(compact.size()).isEqualTo(documents.size());
        assertThat(compact.get("missing")).isNull();
        for (Document expected : documents) {
            String id = expected.getString("_id");
            Document decoded = compact.get(id);
            assertThat(decoded).isEqualTo(whole.get(id)).doesNotContainKey("ev");
            assertThat(decoded.getDate("lastSeenAt")).isEqualTo(seen);
            assertThat(decoded.get("wm", Document.class).getLong("p2")).isEqualTo(7L);
            assertThat(decoded.getList("activeDays", String.class)).containsExactly("2026-11-29", "2026-11-30");
        }
        assertThat(compact.get("id-5")).isNotSameAs(compact.get("id-5"));
    }

    @Test
    void shouldFindNothingForNoIds() {
        assertThat(freshStore().findCompact(List.of(), null).await().atMost(WAIT).get("any")).isNull();
        assertThat(freshStore().findAll(List.of()).await().atMost(WAIT)).isEmpty();
    }
}
