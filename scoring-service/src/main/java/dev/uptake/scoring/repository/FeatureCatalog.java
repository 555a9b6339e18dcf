package dev.uptake.scoring.repository;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;

import dev.uptake.scoring.Feature;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/** The tenants' feature catalogs, one document per feature. */
@Singleton
public class FeatureCatalog extends DocumentStore {

    public FeatureCatalog(ReactiveMongoClient mongo, @ConfigProperty(name = "uptake.mongodb.database") String database) {
        super(mongo, database, "features");
    }

    void createIndexes(@Observes StartupEvent startup) {
        collection.createIndex(Indexes.ascending("tenantId", "key")).await().indefinitely();
    }

    /** Stores the feature; the item is true when it did not exist before. */
    public Uni<Boolean> save(String tenantId, Feature feature) {
        Document document = toDocument(feature).append("_id", Ids.of(tenantId, feature.key())).append("tenantId", tenantId);
        return collection.replaceOne(Filters.eq("_id", Ids.of(tenantId, feature.key())), document,
                new ReplaceOptions().upsert(true)).map(result -> result.getUpsertedId() != null);
    }

    public Uni<Feature> get(String tenantId, String key) {
        return find(tenantId, key).map(document -> document == null ? null : fromDocument(document));
    }

    public Uni<Boolean> delete(String tenantId, String key) {
        return collection.deleteOne(Filters.eq("_id", Ids.of(tenantId, key))).map(result -> result.getDeletedCount() > 0);
    }

    public Uni<List<Feature>> page(String tenantId, String afterKey, int limit) {
        Bson filter = afterKey == null ? Filters.eq("tenantId", tenantId)
                : Filters.and(Filters.eq("tenantId", tenantId), Filters.gt("key", afterKey));
        return list(filter, Sorts.ascending("key"), limit).map(found -> found.stream().map(FeatureCatalog::fromDocument).toList());
    }

    public Uni<List<Feature>> allOf(String tenantId) {
        return page(tenantId, null, 0);
    }

    /** The catalogs of the given tenants: the ingest path counts property matches and judges breadth with them. */
    public Uni<List<Document>> ofTenants(Collection<String> tenantIds) {
        if (tenantIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return list(Filters.in("tenantId", List.copyOf(tenantIds)), null, 0);
    }

    private static Document toDocument(Feature feature) {
        return new Document("key", feature.key()).append("name", feature.name())
                .append("events", feature.events().stream().map(match -> {
                    Document rule = new Document("event", match.event());
                    if (match.byProperty()) {
                        rule.append("property", match.property()).append("value", match.value());
                    }
                    return rule;
                }).toList())
                .append("category", feature.category()).append("adoptionTarget", feature.adoptionTarget())
                .append("impact", feature.impact()).append("tags", feature.tags()).append("roles", feature.roles())
                .append("depthLevels", feature.depthLevels().stream().map(level -> new Document("name", level.name())
                        .append("events", level.events()).append("weight", level.weight())).toList())
                .append("activityOnly", feature.activityOnly());
    }

    public static Feature fromDocument(Document document) {
        List<Feature.EventMatch> events = document.getList("events", Document.class).stream()
                .map(rule -> new Feature.EventMatch(rule.getString("event"), rule.getString("property"),
                        rule.getString("value"))).toList();
        List<Feature.DepthLevel> levels = document.getList("depthLevels", Document.class, List.of()).stream()
                .map(level -> new Feature.DepthLevel(level.getString("name"), level.getList("events", String.class),
                        ((Number) level.get("weight")).intValue())).toList();
        return new Feature(document.getString("key"), document.getString("name"), events, document.getString("category"),
                ((Number) document.get("adoptionTarget")).doubleValue(), document.getString("impact"),
                document.getList("tags", String.class, List.of()), document.getList("roles", String.class, List.of()),
                levels, document.getBoolean("activityOnly", false));
    }
}
