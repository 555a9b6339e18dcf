package dev.uptake.scoring.repository;

import java.util.Date;

import jakarta.inject.Singleton;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;

import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.smallrye.mutiny.Uni;

/** Which one-off data migrations have finished, so each runs until it has once. */
@Singleton
public class Migrations extends DocumentStore {

    public Migrations(ReactiveMongoClient mongo, @ConfigProperty(name = "uptake.mongodb.database") String database) {
        super(mongo, database, "migrations");
    }

    public Uni<Boolean> done(String id) {
        return collection.find(Filters.eq("_id", id)).collect().first().map(found -> found != null);
    }

    public Uni<Void> markDone(String id) {
        return collection.replaceOne(Filters.eq("_id", id), new Document("_id", id).append("doneAt", new Date()),
                new ReplaceOptions().upsert(true)).replaceWithVoid();
    }
}
