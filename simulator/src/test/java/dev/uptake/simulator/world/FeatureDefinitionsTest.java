package dev.uptake.simulator.world;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class FeatureDefinitionsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void shouldDescribeEachFeatureAsAFeaturePutBody() {
        JsonNode catalog = FeatureDefinitions.catalog(MAPPER, new FeatureCatalog("forecasting"));

        JsonNode forecasting = null;
        for (JsonNode feature : catalog) {
            assertThat(feature.fieldNames()).toIterable().containsExactly("key", "name", "events", "category",
                    "impact", "tags", "roles", "depthLevels", "activityOnly");
            if (feature.path("key").asText().equals("forecasting")) {
                forecasting = feature;
            }
        }
        assertThat(forecasting).isNotNull();
        assertThat(forecasting.path("category").asText()).isEqualTo("advanced");
        assertThat(forecasting.path("depthLevels").get(0).path("name").asText()).isEqualTo("viewed");
        assertThat(forecasting.path("depthLevels").get(0).path("events").get(0).asText()).isEqualTo("Forecasts Viewed");
        assertThat(forecasting.path("depthLevels").get(0).path("weight").asInt()).isEqualTo(33);
        assertThat(forecasting.path("depthLevels").get(2).path("weight").asInt()).isEqualTo(100);
        assertThat(forecasting.path("events").get(0).path("event").asText()).isNotBlank();
        for (JsonNode feature : catalog) {
            // The API's impact tags only.
            feature.path("tags").forEach(tag -> assertThat(tag.asText())
                    .isIn("value-driver", "sticky", "expansion", "differentiator"));
        }
    }

    @Test
    void shouldCoverCoreAdvancedAndSpecializedFeaturesAndLoginAsActivityOnly() {
        JsonNode catalog = FeatureDefinitions.catalog(MAPPER, new FeatureCatalog("forecasting"));

        assertThat(catalog).extracting(feature -> feature.path("category").asText())
                .contains("core", "advanced", "specialized");
        assertThat(catalog).filteredOn(feature -> feature.path("activityOnly").asBoolean())
                .extracting(feature -> feature.path("events").get(0).path("event").asText()).containsExactly("Logged In");
    }
}
