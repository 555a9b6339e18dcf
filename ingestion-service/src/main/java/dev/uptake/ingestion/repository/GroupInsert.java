package dev.uptake.ingestion.repository;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.bson.Document;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.InsertManyOptions;

import dev.uptake.kit.reactive.CallerContext;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;

/**
 * Group commit for unordered inserts that may meet duplicate keys: inserts asked for while one is in flight wait and
 * go together in the next, one command for many requests. At single-event load the per-command cost (driver, wire,
 * the server's dispatch) was most of what archiving cost; a lone insert still goes out at once, with no timer.
 * Each caller learns which of its own documents were duplicates; a failure of the shared command fails every caller
 * in it, as its own command would have.
 */
final class GroupInsert {

    static final int DUPLICATE_KEY = 11000;
    /** Bounds one command's size and the wait of the requests behind it; a larger single request goes alone. */
    static final int MAX_DOCUMENTS = 1000;

    private record Waiting(List<Document> documents, CompletableFuture<Set<Integer>> done) {
    }

    private final ReactiveMongoCollection<Document> collection;
    private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
    private boolean inFlight;
    private long commands;

    GroupInsert(ReactiveMongoCollection<Document> collection) {
        this.collection = collection;
    }

    /**
     * Inserts {@code documents} (unordered) when subscribed to, like the Mongo client's own Unis; the item holds the
     * indexes, into this list, of duplicate keys.
     */
    Uni<Set<Integer>> insert(List<Document> documents) {
        return documents.isEmpty() ? Uni.createFrom().item(Set.of())
                : Uni.createFrom().deferred(() -> enqueue(documents));
    }

    private Uni<Set<Integer>> enqueue(List<Document> documents) {
        CompletableFuture<Set<Integer>> done = new CompletableFuture<>();
        boolean send;
        synchronized (this) {
            queue.add(new Waiting(documents, done));
            send = !inFlight;
            inFlight = true;
        }
        if (send) {
            sendNext();
        }
        // Completed on the driver's thread; the caller carries on in its own context.
        return CallerContext.resumeOnCaller(Uni.createFrom().completionStage(done));
    }

    /** Commands sent so far: fewer than inserts asked for when requests went together. */
    synchronized long commands() {
        return commands;
    }

    private void sendNext() {
        List<Waiting> group = new ArrayList<>();
        List<Document> documents = new ArrayList<>();
        synchronized (this) {
            while (!queue.isEmpty() && (group.isEmpty()
                    || documents.size() + queue.peek().documents().size() <= MAX_DOCUMENTS)) {
                Waiting next = queue.poll();
                group.add(next);
                documents.addAll(next.documents());
            }
            commands++;
        }
        insertIgnoringDuplicates(collection, documents).subscribe().with(
                duplicates -> settled(group, duplicates, null),
                failure -> settled(group, null, failure));
    }

    /** Sends what queued up meanwhile before answering this group, whose callers' work would delay it. */
    private void settled(List<Waiting> group, Set<Integer> duplicates, Throwable failure) {
        boolean more;
        synchronized (this) {
            more = !queue.isEmpty();
            inFlight = more;
        }
        if (more) {
            sendNext();
        }
        int offset = 0;
        for (Waiting waiting : group) {
            if (failure != null) {
                waiting.done().completeExceptionally(failure);
                continue;
            }
            Set<Integer> own = new HashSet<>();
            for (int index = 0; index < waiting.documents().size(); index++) {
                if (duplicates.contains(offset + index)) {
                    own.add(index);
                }
            }
            offset += waiting.documents().size();
            waiting.done().complete(own);
        }
    }

    private static Uni<Set<Integer>> insertIgnoringDuplicates(ReactiveMongoCollection<Document> collection,
            List<Document> documents) {
        return collection.insertMany(documents, new InsertManyOptions().ordered(false))
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
}
