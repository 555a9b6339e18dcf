package dev.uptake.ingestion.repository;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;

/** Replay requests and their progress. */
@ApplicationScoped
public class Replays {

    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";

    private final ReactiveMongoCollection<Document> replays;

    public Replays(ReactiveMongoClient mongo, @ConfigProperty(name = "uptake.mongodb.database") String database) {
        this.replays = mongo.getDatabase(database).getCollection("replays");
    }

    public Uni<Void> insert(Document replay) {
        return replays.insertOne(replay).replaceWithVoid();
    }

    public Uni<Document> find(String tenantId, String replayId) {
        return replays.find(Filters.and(Filters.eq("_id", replayId), Filters.eq("tenantId", tenantId))).collect()
                .first();
    }

    public Uni<Void> progress(String replayId, long published, long skipped, Instant at) {
        return replays.updateOne(Filters.eq("_id", replayId), Updates.combine(Updates.set("published", published),
                Updates.set("skipped", skipped), Updates.set("updatedAt", Date.from(at)))).replaceWithVoid();
    }

    public Uni<Void> complete(String replayId, Instant at) {
        return replays.updateOne(Filters.eq("_id", replayId), Updates.combine(Updates.set("status", COMPLETED),
                Updates.set("completedAt", Date.from(at)))).replaceWithVoid();
    }

    /** Replays a crash interrupted: no progress since {@code before}. */
    public Uni<List<Document>> stalledSince(Instant before) {
        return replays.find(Filters.and(Filters.eq("status", RUNNING), Filters.lt("updatedAt", Date.from(before))))
                .collect().asList();
    }
}
