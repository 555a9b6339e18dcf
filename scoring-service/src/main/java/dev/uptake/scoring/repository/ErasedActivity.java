package dev.uptake.scoring.repository;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;

import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.runtime.StartupEvent;

/**
 * The active days of erased users, by pseudonym, as a user document's {@code am} summary would have them: their days
 * and sessions still count in the tenant's totals, and a tenant-wide read finds their months by id through this, since
 * they have no user document any more. Holds the pseudonym only, so nothing links back to the user.
 */
@Singleton
public class ErasedActivity extends DocumentStore {

    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    public ErasedActivity(ReactiveMongoClient mongo, @ConfigProperty(name = "uptake.mongodb.database") String database) {
        super(mongo, database, "erased_activity");
    }

    void createIndexes(@Observes StartupEvent startup) {
        collection.createIndex(Indexes.ascending("tenantId")).await().indefinitely();
    }

    /** The upserts that add a pseudonym's user month ({@code tenantId, userId, month, events}) to its summary. */
    public static WriteModel<Document> of(Document userMonth, String activeMonthsField) {
        String tenantId = userMonth.getString("tenantId");
        String pseudonym = userMonth.getString("userId");
        List<Integer> days = new ArrayList<>();
        userMonth.get("events", new Document()).keySet().forEach(slot -> days.add(Integer.parseInt(slot)));
        UpdateDocument updates = new UpdateDocument().setOnInsert("tenantId", tenantId).setOnInsert("userId", pseudonym)
                .addEachToSet(activeMonthsField + "." + userMonth.getString("month"), days);
        return new UpdateOneModel<>(new Document("_id", Ids.of(tenantId, pseudonym)), updates, UPSERT);
    }
}
