package dev.uptake.scoring.repository;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.mongodb.client.model.Indexes;

import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.runtime.StartupEvent;

/**
 * Per account and month, each counter of its account days as a series by day of the month. The analyses of the days
 * before each renewal read a month in one document rather than thirty.
 */
@Singleton
public class AccountMonths extends DocumentStore {

    public AccountMonths(ReactiveMongoClient mongo, @ConfigProperty(name = "uptake.mongodb.database") String database) {
        super(mongo, database, "account_months");
    }

    void createIndexes(@Observes StartupEvent startup) {
        collection.createIndex(Indexes.ascending("tenantId", "month")).await().indefinitely();
    }
}
