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

/** Per account and day rollups: events, active users, sessions, active seconds, per-event-name counts. */
@Singleton
public class AccountDays extends DocumentStore {

    public AccountDays(ReactiveMongoClient mongo, @ConfigProperty(name = "uptake.mongodb.database") String database) {
        super(mongo, database, "account_days");
    }

    void createIndexes(@Observes StartupEvent startup) {
        collection.createIndex(Indexes.ascending("tenantId", "day")).await().indefinitely();
    }

    /** A tenant's documents for the days {@code fromDay}..{@code toDay} (ISO dates compare as strings). */
    public Uni<List<Document>> between(String tenantId, String fromDay, String toDay) {
        return list(Filters.and(Filters.eq("tenantId", tenantId), Filters.gte("day", fromDay), Filters.lte("day", toDay)),
                null, 0);
    }
}
