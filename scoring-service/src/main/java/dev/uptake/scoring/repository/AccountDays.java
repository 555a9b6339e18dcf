package dev.uptake.scoring.repository;

import java.util.List;

import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;

import dev.uptake.kit.mongo.IdLookups;
import io.quarkus.mongodb.FindOptions;

import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Per account and day rollups: events, active users, sessions, active seconds, per-event-name counts. */
@Singleton
public class AccountDays extends DocumentStore {

    private static final Bson COUNTERS = Projections.include("accountId", "day", "events", "ev", "evp");

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

    /** The counters of a tenant's documents for the days {@code fromDay}..{@code toDay}, streamed. */
    public Multi<Document> countersBetween(String tenantId, String fromDay, String toDay) {
        return stream(Filters.and(Filters.eq("tenantId", tenantId), Filters.gte("day", fromDay), Filters.lte("day", toDay)),
                COUNTERS);
    }

    /**
     * Of the documents among {@code ids} that exist, streamed, only the {@code counters} named (event names, and
     * "?" + key for property-matched rules): a day document holds every event name's count, most of them unused here.
     */
    public Multi<Document> countersOf(List<String> ids, List<String> counters) {
        List<String> fields = new java.util.ArrayList<>(List.of("accountId", "day", "events"));
        for (String counter : counters) {
            fields.add(counter.startsWith("?") ? "evp." + Ids.field(counter.substring(1)) : "ev." + Ids.field(counter));
        }
        return IdLookups.byIds(collection, ids, new FindOptions().projection(Projections.include(fields)));
    }
}
