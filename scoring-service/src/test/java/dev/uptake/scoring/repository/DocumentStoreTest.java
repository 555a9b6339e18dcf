package dev.uptake.scoring.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.Test;

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
        int stored = 2 * DocumentStore.IDS_PER_QUERY + 37;
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
    void shouldFindNothingForNoIds() {
        assertThat(freshStore().findAll(List.of()).await().atMost(WAIT)).isEmpty();
    }
}
