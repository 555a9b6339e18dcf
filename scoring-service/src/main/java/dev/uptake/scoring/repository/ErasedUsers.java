package dev.uptake.scoring.repository;

import java.util.Collection;
import java.util.Date;
import java.util.List;

import jakarta.inject.Singleton;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;

import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.smallrye.mutiny.Uni;

/**
 * Users whose data was erased, and up to when: their older events, if ever read again (a replay, a reset), must not
 * rebuild what was deleted. Holds ids only, no personal data beyond the id the tenant already chose.
 */
@Singleton
public class ErasedUsers extends DocumentStore {

    public ErasedUsers(ReactiveMongoClient mongo, @ConfigProperty(name = "uptake.mongodb.database") String database) {
        super(mongo, database, "erased_users");
    }

    public Uni<Void> record(String tenantId, Collection<String> userIds, Date upTo) {
        List<WriteModel<Document>> writes = userIds.stream().<WriteModel<Document>>map(userId -> new UpdateOneModel<>(
                Filters.eq("_id", Ids.of(tenantId, userId)),
                Updates.combine(Updates.setOnInsert("tenantId", tenantId), Updates.setOnInsert("userId", userId),
                        Updates.max("erasedUpTo", upTo)),
                new UpdateOptions().upsert(true))).toList();
        return write(writes);
    }
}
