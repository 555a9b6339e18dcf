package dev.uptake.scoring.repository;

import java.util.Date;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.inject.Singleton;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;

import com.mongodb.client.model.WriteModel;

import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Which one-off data migrations have finished, so each runs until it has once. */
@Singleton
public class Migrations extends DocumentStore {

    public Migrations(ReactiveMongoClient mongo, @ConfigProperty(name = "uptake.mongodb.database") String database) {
        super(mongo, database, "migrations");
    }

    private static final int WRITES_PER_BULK = 500;

    /**
     * Unless {@code id} has finished once, writes {@code writes()} to {@code target} in bulks and then records it as
     * finished; the number of writes, 0 once done.
     */
    public Uni<Long> runOnce(String id, Supplier<Multi<WriteModel<Document>>> writes,
            DocumentStore target) {
        return done(id).chain(finished -> finished ? Uni.createFrom().item(0L)
                : writes.get().group().intoLists().of(WRITES_PER_BULK)
                        .onItem().transformToUniAndConcatenate(bulk -> target.write(bulk).replaceWith(bulk.size()))
                        .collect().with(Collectors.summingLong(Integer::longValue))
                        .call(() -> markDone(id)));
    }

    public Uni<Boolean> done(String id) {
        return collection.find(Filters.eq("_id", id)).collect().first().map(found -> found != null);
    }

    public Uni<Void> markDone(String id) {
        return collection.replaceOne(Filters.eq("_id", id), new Document("_id", id).append("doneAt", new Date()),
                new ReplaceOptions().upsert(true)).replaceWithVoid();
    }
}
