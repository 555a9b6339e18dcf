package dev.uptake.scoring.repository;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.WriteModel;

import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/** Per-account rollup documents: counts, first and last activity, merged traits, and per-partition watermarks. */
@ApplicationScoped
public class AccountRollups {

    private final ReactiveMongoCollection<Document> accounts;

    public AccountRollups(ReactiveMongoClient mongo, @ConfigProperty(name = "uptake.mongodb.database") String database) {
        this.accounts = mongo.getDatabase(database).getCollection("accounts");
    }

    void createIndexes(@Observes StartupEvent startup) {
        accounts.createIndex(Indexes.ascending("tenantId", "accountId")).await().indefinitely();
    }

    public Uni<Map<Document, Document>> findAll(Collection<Document> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return accounts.find(Filters.in("_id", List.copyOf(ids))).collect().asList().map(found -> {
            Map<Document, Document> byId = new HashMap<>();
            found.forEach(document -> byId.put(document.get("_id", Document.class), document));
            return byId;
        });
    }

    public Uni<Void> write(List<WriteModel<Document>> writes) {
        if (writes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return accounts.bulkWrite(writes).replaceWithVoid();
    }

    public Uni<Document> find(String tenantId, String accountId) {
        return accounts.find(Filters.eq("_id", Ids.of(tenantId, accountId))).collect().first();
    }

    /** Accounts of a tenant ordered by id, after {@code afterAccountId} when paging. */
    public Uni<List<Document>> page(String tenantId, String afterAccountId, int limit) {
        Bson filter = afterAccountId == null ? Filters.eq("tenantId", tenantId)
                : Filters.and(Filters.eq("tenantId", tenantId), Filters.gt("accountId", afterAccountId));
        return accounts.find(filter, new FindOptions().sort(Sorts.ascending("accountId")).limit(limit)).collect().asList();
    }
}
