package dev.uptake.scoring.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import dev.uptake.kit.problem.NotFoundProblemException;
import dev.uptake.kit.problem.Problem;
import dev.uptake.kit.problem.ProblemException;
import dev.uptake.scoring.Feature;
import dev.uptake.scoring.repository.AccountRollups;
import dev.uptake.scoring.repository.FeatureCatalog;
import dev.uptake.scoring.repository.Ids;
import io.smallrye.mutiny.Uni;

/** The tenant's feature catalog: checks that bean validation cannot express, storage, and unmapped events. */
@ApplicationScoped
public class FeatureService {

    private final FeatureCatalog catalog;
    private final AccountRollups accounts;

    public FeatureService(FeatureCatalog catalog, AccountRollups accounts) {
        this.catalog = catalog;
        this.accounts = accounts;
    }

    /**
     * Stores the feature; the item is true when it was created rather than replaced. {@code bodyKey} is the key the
     * request body named, if any: it must be the feature's.
     */
    public Uni<Boolean> put(String tenantId, Feature feature, String bodyKey) {
        List<Problem.FieldError> errors = crossFieldErrors(feature);
        if (bodyKey != null && !bodyKey.equals(feature.key())) {
            errors.add(new Problem.FieldError("key", "is " + bodyKey + " in the body but " + feature.key()
                    + " in the path; leave it out or make them equal"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "validation", "Invalid request", errors.size() + " invalid field(s)",
                    errors, Map.of());
        }
        return catalog.save(tenantId, feature);
    }

    public Uni<Feature> get(String tenantId, String key) {
        return catalog.get(tenantId, key).map(found -> {
            if (found == null) {
                throw new NotFoundProblemException("No feature " + key + " in the catalog.");
            }
            return found;
        });
    }

    public Uni<Void> delete(String tenantId, String key) {
        return catalog.delete(tenantId, key).map(deleted -> {
            if (!deleted) {
                throw new NotFoundProblemException("No feature " + key + " in the catalog.");
            }
            return null;
        });
    }

    public record Page(List<Feature> items, String nextCursor) {
    }

    public Uni<Page> page(String tenantId, int limit, String cursor) {
        Cursors.checkLimit(limit);
        String after = Cursors.decode(cursor);
        return catalog.page(tenantId, after, limit + 1).map(found -> {
            boolean more = found.size() > limit;
            List<Feature> items = more ? found.subList(0, limit) : found;
            return new Page(items, more ? Cursors.encode(items.get(items.size() - 1).key()) : null);
        });
    }

    public record Discovered(String event, long count) {
    }

    /** Event names counted on the tenant's accounts that no feature maps, most frequent first. */
    public Uni<List<Discovered>> discovered(String tenantId, int limit) {
        Cursors.checkLimit(limit);
        return Uni.combine().all().unis(catalog.allOf(tenantId), accounts.allOf(tenantId)).asTuple().map(found -> {
            Set<String> mapped = new HashSet<>();
            found.getItem1().forEach(feature -> mapped.addAll(feature.eventNames()));
            Map<String, Long> counts = new HashMap<>();
            for (Document account : found.getItem2()) {
                account.get("ev", new Document()).forEach((field, count) ->
                        counts.merge(Ids.unfield(field), ((Number) count).longValue(), Long::sum));
            }
            return counts.entrySet().stream().filter(entry -> !mapped.contains(entry.getKey()))
                    .map(entry -> new Discovered(entry.getKey(), entry.getValue()))
                    .sorted(Comparator.comparingLong(Discovered::count).reversed().thenComparing(Discovered::event))
                    .limit(limit).toList();
        });
    }

    private static List<Problem.FieldError> crossFieldErrors(Feature feature) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < feature.events().size(); i++) {
            Feature.EventMatch match = feature.events().get(i);
            if ((match.property() == null) != (match.value() == null)) {
                errors.add(new Problem.FieldError("events[" + i + "].value",
                        "property and value go together: give both or neither"));
            }
        }
        Set<String> levelNames = new HashSet<>();
        for (int i = 0; i < feature.depthLevels().size(); i++) {
            Feature.DepthLevel level = feature.depthLevels().get(i);
            if (!levelNames.add(level.name())) {
                errors.add(new Problem.FieldError("depthLevels[" + i + "].name", "depth level names must be unique"));
            }
            if (i > 0 && level.weight() <= feature.depthLevels().get(i - 1).weight()) {
                errors.add(new Problem.FieldError("depthLevels[" + i + "].weight",
                        "depth levels are ordered shallow to deep: each weight must exceed the previous one"));
            }
        }
        return errors;
    }
}
