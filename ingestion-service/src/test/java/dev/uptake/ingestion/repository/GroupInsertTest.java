package dev.uptake.ingestion.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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

    /** Subscribed at once, as a request does: inserts started back to back queue behind the first. */
    private static CompletableFuture<Set<Integer>> started(Uni<Set<Integer>> insert) {
        return insert.subscribeAsCompletionStage();
    }

    private static Set<Integer> result(CompletableFuture<Set<Integer>> insert) throws Exception {
        return insert.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static List<Document> ids(String... ids) {
        List<Document> documents = new ArrayList<>();
        for (String id : ids) {
            documents.add(new Document("_id", id));
        }
        return documents;
    }

    /**
     * The collection, with the command of its first insert held back until {@code open} completes, so the inserts a
     * test starts next surely queue behind it. A large first insert only made that likely, and a loaded machine once
     * finished it before the next was asked for.
     */
    @SuppressWarnings("unchecked")
    private static ReactiveMongoCollection<Document> firstInsertHeld(ReactiveMongoCollection<Document> collection,
            CompletableFuture<Void> open) {
        AtomicBoolean first = new AtomicBoolean(true);
        return (ReactiveMongoCollection<Document>) Proxy.newProxyInstance(GroupInsertTest.class.getClassLoader(),
                new Class<?>[] { ReactiveMongoCollection.class }, (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(collection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    return method.getName().equals("insertMany") && first.getAndSet(false)
                            ? Uni.createFrom().completionStage(open).chain(() -> (Uni<?>) result)
                            : result;
                });
    }

    @Test
    void shouldTellEachCallerWhichOfItsOwnDocumentsWereDuplicates() throws Exception {
        ReactiveMongoCollection<Document> collection = freshCollection();
        collection.insertOne(new Document("_id", "b")).await().atMost(WAIT);
        CompletableFuture<Void> open = new CompletableFuture<>();
        GroupInsert inserts = new GroupInsert(firstInsertHeld(collection, open));

        // Asked for back to back: the first goes alone, the others wait for it and go together.
        CompletableFuture<Set<Integer>> first = started(inserts.insert(ids("a", "b")));
        CompletableFuture<Set<Integer>> second = started(inserts.insert(ids("c", "a", "e")));
        CompletableFuture<Set<Integer>> third = started(inserts.insert(ids("d")));
        open.complete(null);

        assertThat(result(first)).containsExactly(1);
        assertThat(result(second)).containsExactly(1);
        assertThat(result(third)).isEmpty();
        assertThat(collection.countDocuments().await().atMost(WAIT)).isEqualTo(5);
        assertThat(inserts.commands()).isEqualTo(2);
    }

    @Test
    void shouldInsertOnlyWhenSubscribedTo() {
        ReactiveMongoCollection<Document> collection = freshCollection();
        GroupInsert inserts = new GroupInsert(collection);

        Uni<Set<Integer>> insert = inserts.insert(ids("lazy"));
        assertThat(collection.countDocuments().await().atMost(WAIT)).isZero();
        assertThat(inserts.commands()).isZero();

        assertThat(insert.await().atMost(WAIT)).isEmpty();
        assertThat(insert.await().atMost(WAIT)).containsExactly(0);
        assertThat(inserts.commands()).isEqualTo(2);
    }

    @Test
    void shouldSendInsertsAskedForDuringAnotherInOneCommand() throws Exception {
        ReactiveMongoCollection<Document> collection = freshCollection();
        CompletableFuture<Void> open = new CompletableFuture<>();
        GroupInsert inserts = new GroupInsert(firstInsertHeld(collection, open));

        CompletableFuture<Set<Integer>> first = started(inserts.insert(ids("first")));
        List<CompletableFuture<Set<Integer>>> pending = IntStream.range(0, 50)
                .mapToObj(i -> started(inserts.insert(ids("id-" + i)))).toList();
        open.complete(null);
        assertThat(result(first)).isEmpty();
        for (CompletableFuture<Set<Integer>> insert : pending) {
            assertThat(result(insert)).isEmpty();
        }

        assertThat(collection.countDocuments().await().atMost(WAIT)).isEqualTo(1 + 50);
        assertThat(inserts.commands()).isEqualTo(2);
    }

    @Test
    void shouldNotGroupBeyondTheDocumentCapButSendALargerRequestAlone() throws Exception {
        ReactiveMongoCollection<Document> collection = freshCollection();
        CompletableFuture<Void> open = new CompletableFuture<>();
        GroupInsert inserts = new GroupInsert(firstInsertHeld(collection, open));
        int size = GroupInsert.MAX_DOCUMENTS * 3 / 5;

        List<CompletableFuture<Set<Integer>>> pending = IntStream.range(0, 3).mapToObj(caller -> started(inserts.insert(
                IntStream.range(0, size).mapToObj(i -> new Document("_id", caller + "-" + i)).toList()))).toList();
        CompletableFuture<Set<Integer>> large = started(inserts.insert(IntStream.range(0, GroupInsert.MAX_DOCUMENTS + 1)
                .mapToObj(i -> new Document("_id", "large-" + i)).toList()));
        open.complete(null);
        for (CompletableFuture<Set<Integer>> insert : pending) {
            assertThat(result(insert)).isEmpty();
        }
        assertThat(result(large)).isEmpty();

        assertThat(collection.countDocuments().await().atMost(WAIT)).isEqualTo(3L * size + GroupInsert.MAX_DOCUMENTS + 1);
        assertThat(inserts.commands()).isEqualTo(4);
    }

    @Test
    void shouldFailEveryCallerOfACommandThatFailed() throws Exception {
        ReactiveMongoCollection<Document> collection = freshCollection();
        CompletableFuture<Void> open = new CompletableFuture<>();
        GroupInsert inserts = new GroupInsert(firstInsertHeld(collection, open));

        CompletableFuture<Set<Integer>> alone = started(inserts.insert(ids("x")));
        // Not a duplicate key: an _id may not be an array. It shares its command with the next caller's document.
        CompletableFuture<Set<Integer>> refused = started(inserts.insert(List.of(new Document("_id", List.of(1, 2)))));
        CompletableFuture<Set<Integer>> grouped = started(inserts.insert(ids("y")));
        open.complete(null);

        assertThat(result(alone)).isEmpty();
        assertThatThrownBy(() -> result(refused)).isInstanceOf(ExecutionException.class);
        assertThatThrownBy(() -> result(grouped)).isInstanceOf(ExecutionException.class);
        assertThat(inserts.commands()).isEqualTo(2);
        assertThat(inserts.insert(ids("z")).await().atMost(WAIT)).isEmpty();
    }
}
