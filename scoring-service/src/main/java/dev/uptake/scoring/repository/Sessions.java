package dev.uptake.scoring.repository;

import java.util.List;

import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;

import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/** One document per user session; start and end only grow apart, so rewriting one is harmless. */
@Singleton
public class Sessions extends DocumentStore {

    public Sessions(ReactiveMongoClient mongo, @ConfigProperty(name = "uptake.mongodb.database") String database) {
        super(mongo, database, "sessions");
    }

    void createIndexes(@Observes StartupEvent startup) {
        collection.createIndex(Indexes.ascending("tenantId", "day")).await().indefinitely();
        collection.createIndex(Indexes.ascending("tenantId", "accountId", "day")).await().indefinitely();
    }

    /** One account's documents for the days {@code fromDay}..{@code toDay}. */
    public Uni<List<Document>> ofAccountBetween(String tenantId, String accountId, String fromDay, String toDay) {
        return list(Filters.and(Filters.eq("tenantId", tenantId), Filters.eq("accountId", accountId),
                Filters.gte("day", fromDay), Filters.lte("day", toDay)), null, 0);
    }

    /** A tenant's documents for the days {@code fromDay}..{@code toDay} (ISO dates compare as strings). */
    public Uni<List<Document>> between(String tenantId, String fromDay, String toDay) {
        return list(Filters.and(Filters.eq("tenantId", tenantId), Filters.gte("day", fromDay), Filters.lte("day", toDay)),
                null, 0);
    }

    /** A user's latest sessions, newest first. */
    public Uni<List<Document>> latestOf(String tenantId, String userId, int limit) {
        return list(Filters.and(Filters.eq("tenantId", tenantId), Filters.eq("userId", userId)),
                com.mongodb.client.model.Sorts.descending("start"), limit);
    }
}
