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

/** Per-user documents: profile from identify calls, account memberships, running session state, watermarks. */
@Singleton
public class UserProfiles extends DocumentStore {

    public UserProfiles(ReactiveMongoClient mongo, @ConfigProperty(name = "uptake.mongodb.database") String database) {
        super(mongo, database, "users");
    }

    void createIndexes(@Observes StartupEvent startup) {
        collection.createIndex(Indexes.ascending("tenantId", "accounts")).await().indefinitely();
        collection.createIndex(Indexes.ascending("tenantId", "accountId")).await().indefinitely();
    }

    /** Users whose current account is {@code accountId}. */
    public Uni<List<Document>> currentlyIn(String tenantId, String accountId) {
        return list(Filters.and(Filters.eq("tenantId", tenantId), Filters.eq("accountId", accountId)), null, 0);
    }

    public Uni<List<Document>> allOf(String tenantId) {
        return list(Filters.eq("tenantId", tenantId), com.mongodb.client.model.Sorts.ascending("userId"), 0);
    }

    /** Members of an account ordered by user id, after {@code afterUserId} when paging. */
    public Uni<List<Document>> membersOf(String tenantId, String accountId, String afterUserId, int limit) {
        List<org.bson.conversions.Bson> filters = new java.util.ArrayList<>(List.of(Filters.eq("tenantId", tenantId),
                Filters.eq("accounts", accountId)));
        if (afterUserId != null) {
            filters.add(Filters.gt("userId", afterUserId));
        }
        return list(Filters.and(filters), com.mongodb.client.model.Sorts.ascending("userId"), limit);
    }
}
