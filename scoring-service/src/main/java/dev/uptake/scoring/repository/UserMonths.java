package dev.uptake.scoring.repository;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.mongodb.client.model.Indexes;

import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.runtime.StartupEvent;

/**
 * Per user and month, each counter of its user days as a series by day of the month, and the account of each day.
 * Adoption over a window reads the active users' months by id rather than scanning a tenant's user days.
 */
@Singleton
public class UserMonths extends DocumentStore {

    public UserMonths(ReactiveMongoClient mongo, @ConfigProperty(name = "uptake.mongodb.database") String database) {
        super(mongo, database, "user_months");
    }

    void createIndexes(@Observes StartupEvent startup) {
        collection.createIndex(Indexes.ascending("tenantId", "month")).await().indefinitely();
        collection.createIndex(Indexes.ascending("tenantId", "userId")).await().indefinitely();
    }
}
