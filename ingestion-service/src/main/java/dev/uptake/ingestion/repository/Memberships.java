package dev.uptake.ingestion.repository;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The account each user was last grouped into, so a call without {@code context.groupId} is still attributed. */
@ApplicationScoped
public class Memberships {

    private final ReactiveMongoCollection<Document> memberships;

    public Memberships(ReactiveMongoClient mongo, @ConfigProperty(name = "uptake.mongodb.database") String database) {
        this.memberships = mongo.getDatabase(database).getCollection("memberships");
    }

    /** One round trip for a whole request. */
    public Uni<Map<String, String>> accountsOf(String tenantId, Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<String> ids = userIds.stream().map(userId -> EventArchive.id(tenantId, userId)).toList();
        return memberships.find(Filters.in("_id", ids)).collect().asList().map(found -> {
            Map<String, String> accounts = new HashMap<>();
            found.forEach(d -> accounts.put(d.getString("userId"), d.getString("accountId")));
            return accounts;
        });
    }

    public Uni<Void> forget(String tenantId, List<String> userIds) {
        return memberships.deleteMany(Filters.in("_id", userIds.stream().map(u -> EventArchive.id(tenantId, u)).toList()))
                .replaceWithVoid();
    }

    public Uni<Void> remember(String tenantId, Map<String, String> accountByUser) {
        if (accountByUser.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<UpdateOneModel<Document>> upserts = accountByUser.entrySet().stream()
                .map(entry -> new UpdateOneModel<Document>(Filters.eq("_id", EventArchive.id(tenantId, entry.getKey())),
                        Updates.combine(Updates.set("accountId", entry.getValue()), Updates.set("userId", entry.getKey())),
                        new UpdateOptions().upsert(true)))
                .toList();
        return memberships.bulkWrite(upserts).replaceWithVoid();
    }
}
