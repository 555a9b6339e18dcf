package dev.uptake.simulator.world;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one place that maps a {@link Feature} to the body of {@code PUT /v1/features/{key}}. That API is not final:
 * when it changes, only this class changes.
 */
public final class FeatureDefinitions {

    private FeatureDefinitions() {
    }

    public static ObjectNode body(ObjectMapper mapper, Feature feature) {
        ObjectNode body = mapper.createObjectNode();
        body.put("key", feature.key());
        body.put("name", feature.name());
        ArrayNode events = body.putArray("events");
        feature.events().forEach(event -> events.addObject().put("event", event));
        body.put("category", feature.category());
        body.put("impact", feature.impact());
        ArrayNode tags = body.putArray("tags");
        feature.tags().forEach(tags::add);
        ArrayNode roles = body.putArray("roles");
        feature.roles().forEach(roles::add);
        ArrayNode levels = body.putArray("depthLevels");
        // The API weighs levels in percent of full depth; the simulator numbers them 1, 2, 3.
        int deepest = feature.depthLevels().stream().mapToInt(Feature.DepthLevel::weight).max().orElse(1);
        for (Feature.DepthLevel level : feature.depthLevels()) {
            ObjectNode node = levels.addObject();
            node.put("name", level.name());
            ArrayNode levelEvents = node.putArray("events");
            level.events().forEach(levelEvents::add);
            node.put("weight", Math.round(100f * level.weight() / deepest));
        }
        body.put("activityOnly", feature.activityOnly());
        return body;
    }

    /** The whole catalog as a JSON array of request bodies, in catalog order. */
    public static ArrayNode catalog(ObjectMapper mapper, FeatureCatalog catalog) {
        ArrayNode array = mapper.createArrayNode();
        catalog.features().forEach(feature -> array.add(body(mapper, feature)));
        return array;
    }
}
