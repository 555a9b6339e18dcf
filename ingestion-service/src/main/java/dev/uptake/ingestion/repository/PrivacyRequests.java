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

/** Privacy requests and their progress. */
@ApplicationScoped
public class PrivacyRequests {

    public static final String PENDING = "pending";
    public static final String COMPLETED = "completed";

    private final ReactiveMongoCollection<Document> requests;

    public PrivacyRequests(ReactiveMongoClient mongo, @ConfigProperty(name = "uptake.mongodb.database") String database) {
        this.requests = mongo.getDatabase(database).getCollection("privacy_requests");
    }

    public Uni<Void> insert(Document request) {
        return requests.insertOne(request).replaceWithVoid();
    }

    public Uni<Document> find(String tenantId, String requestId) {
        return requests.find(Filters.and(Filters.eq("_id", requestId), Filters.eq("tenantId", tenantId))).collect()
                .first();
    }

    public Uni<Void> complete(String requestId, long eventsDeleted, Instant at) {
        return requests.updateOne(Filters.eq("_id", requestId), Updates.combine(Updates.set("status", COMPLETED),
                Updates.set("eventsDeleted", eventsDeleted), Updates.set("completedAt", Date.from(at))))
                .replaceWithVoid();
    }

    /** Requests a crash left unfinished, to be taken up again. */
    public Uni<List<Document>> pendingSince(Instant before) {
        return requests.find(Filters.and(Filters.eq("status", PENDING), Filters.lt("createdAt", Date.from(before))))
                .collect().asList();
    }
}
