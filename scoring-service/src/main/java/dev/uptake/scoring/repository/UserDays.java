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

/** Per user and day rollups: events, sessions, active seconds and per-event-name counts. */
@Singleton
public class UserDays extends DocumentStore {

    public UserDays(ReactiveMongoClient mongo, @ConfigProperty(name = "uptake.mongodb.database") String database) {
        super(mongo, database, "user_days");
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
}
