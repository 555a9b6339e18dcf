package dev.uptake.ingestion.repository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;

import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;

/**
 * Users whose future events are dropped. Each tenant's set is small and cached briefly, so the hot path costs no
 * database round trip; a change made on another replica takes effect here within {@link #CACHE_FOR}.
 */
@ApplicationScoped
public class Suppressions {

    static final Duration CACHE_FOR = Duration.ofSeconds(10);

    private record Cached(Set<String> userIds, Instant loadedAt) {
    }

    private final ReactiveMongoCollection<Document> suppressions;
    private final Clock clock;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    public Suppressions(ReactiveMongoClient mongo, @ConfigProperty(name = "uptake.mongodb.database") String database,
            Clock clock) {
        this.suppressions = mongo.getDatabase(database).getCollection("suppressions");
        this.clock = clock;
    }

    public Uni<Set<String>> suppressedUsers(String tenantId) {
        Cached cached = cache.get(tenantId);
        if (cached != null && cached.loadedAt().plus(CACHE_FOR).isAfter(clock.instant())) {
            return Uni.createFrom().item(cached.userIds());
        }
        return suppressions.find(Filters.eq("tenantId", tenantId)).collect().asList().map(found -> {
            Set<String> users = found.stream().map(d -> d.getString("userId")).collect(Collectors.toUnmodifiableSet());
            cache.put(tenantId, new Cached(users, clock.instant()));
            return users;
        });
    }

    public Uni<Void> suppress(String tenantId, Collection<String> userIds) {
        var upserts = userIds.stream().map(userId -> new ReplaceOneModel<>(Filters.eq("_id",
                EventArchive.id(tenantId, userId)), new Document("_id", EventArchive.id(tenantId, userId))
                        .append("tenantId", tenantId).append("userId", userId),
                new ReplaceOptions().upsert(true))).toList();
        return suppressions.bulkWrite(upserts).invoke(() -> cache.remove(tenantId)).replaceWithVoid();
    }

    public Uni<Void> unsuppress(String tenantId, Collection<String> userIds) {
        return suppressions.deleteMany(Filters.in("_id", userIds.stream().map(u -> EventArchive.id(tenantId, u))
                .toList())).invoke(() -> cache.remove(tenantId)).replaceWithVoid();
    }
}
