package dev.uptake.ingestion.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import dev.uptake.testsupport.KafkaTestResource;
import dev.uptake.testsupport.MongoTestResource;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(MongoTestResource.class)
class GroupInsertTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    ReactiveMongoClient mongo;

    private ReactiveMongoCollection<Document> freshCollection() {
        return mongo.getDatabase("group-insert-test").getCollection("c-" + UUID.randomUUID());
    }

    private static List<Document> ids(String... ids) {
        List<Document> documents = new ArrayList<>();
        for (String id : ids) {
            documents.add(new Document("_id", id));
        }
        return documents;
    }

    @Test
    void shouldTellEachCallerWhichOfItsOwnDocumentsWereDuplicates() {
        ReactiveMongoCollection<Document> collection = freshCollection();
        collection.insertOne(new Document("_id", "b")).await().atMost(WAIT);
        GroupInsert inserts = new GroupInsert(collection);

        // Asked for back to back: the first goes alone, the others wait for it and go together.
        Uni<Set<Integer>> first = inserts.insert(ids("a", "b"));
        Uni<Set<Integer>> second = inserts.insert(ids("c", "a", "e"));
        Uni<Set<Integer>> third = inserts.insert(ids("d"));

        assertThat(first.await().atMost(WAIT)).containsExactly(1);
        assertThat(second.await().atMost(WAIT)).containsExactly(1);
        assertThat(third.await().atMost(WAIT)).isEmpty();
        assertThat(collection.countDocuments().await().atMost(WAIT)).isEqualTo(5);
    }

    @Test
    void shouldSendInsertsAskedForDuringAnotherInOneCommand() {
        ReactiveMongoCollection<Document> collection = freshCollection();
        GroupInsert inserts = new GroupInsert(collection);

        List<Uni<Set<Integer>>> pending = IntStream.range(0, 50).mapToObj(i -> inserts.insert(ids("id-" + i))).toList();
        pending.forEach(insert -> assertThat(insert.await().atMost(WAIT)).isEmpty());

        assertThat(collection.countDocuments().await().atMost(WAIT)).isEqualTo(50);
        assertThat(inserts.commands()).isLessThan(10);
    }

    @Test
    void shouldNotGroupBeyondTheDocumentCapButSendALargerRequestAlone() {
        ReactiveMongoCollection<Document> collection = freshCollection();
        GroupInsert inserts = new GroupInsert(collection);
        int size = GroupInsert.MAX_DOCUMENTS * 3 / 5;

        List<Uni<Set<Integer>>> pending = IntStream.range(0, 3).mapToObj(caller -> inserts.insert(
                IntStream.range(0, size).mapToObj(i -> new Document("_id", caller + "-" + i)).toList())).toList();
        Uni<Set<Integer>> large = inserts.insert(IntStream.range(0, GroupInsert.MAX_DOCUMENTS + 1)
                .mapToObj(i -> new Document("_id", "large-" + i)).toList());
        pending.forEach(insert -> assertThat(insert.await().atMost(WAIT)).isEmpty());
        assertThat(large.await().atMost(WAIT)).isEmpty();

        assertThat(collection.countDocuments().await().atMost(WAIT)).isEqualTo(3L * size + GroupInsert.MAX_DOCUMENTS + 1);
        assertThat(inserts.commands()).isEqualTo(4);
    }

    @Test
    void shouldFailEveryCallerOfACommandThatFailed() {
        ReactiveMongoCollection<Document> collection = freshCollection();
        GroupInsert inserts = new GroupInsert(collection);

        Uni<Set<Integer>> alone = inserts.insert(ids("x"));
        // Not a duplicate key: an _id may not be an array. It shares its command with the next caller's document.
        Uni<Set<Integer>> refused = inserts.insert(List.of(new Document("_id", List.of(1, 2))));
        Uni<Set<Integer>> grouped = inserts.insert(ids("y"));

        assertThat(alone.await().atMost(WAIT)).isEmpty();
        assertThatThrownBy(() -> refused.await().atMost(WAIT)).isNotNull();
        assertThatThrownBy(() -> grouped.await().atMost(WAIT)).isNotNull();
        assertThat(inserts.insert(ids("z")).await().atMost(WAIT)).isEmpty();
    }
}
