package dev.uptake.scoring.repository;

import java.util.List;

import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;

import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/** Per-account documents: profile from group calls, counts, first and last activity, per-partition watermarks. */
@Singleton
public class AccountRollups extends DocumentStore {

    public AccountRollups(ReactiveMongoClient mongo, @ConfigProperty(name = "uptake.mongodb.database") String database) {
        super(mongo, database, "accounts");
    }

    void createIndexes(@Observes StartupEvent startup) {
        collection.createIndex(Indexes.ascending("tenantId", "accountId")).await().indefinitely();
    }

    public Uni<List<Document>> allOf(String tenantId) {
        return list(Filters.eq("tenantId", tenantId), Sorts.ascending("accountId"), 0);
    }
}
