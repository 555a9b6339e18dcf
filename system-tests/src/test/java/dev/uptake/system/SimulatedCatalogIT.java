package dev.uptake.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.oneOf;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.uptake.simulator.world.FeatureCatalog;
import dev.uptake.simulator.world.FeatureDefinitions;

/** The simulator's feature catalog, as `./uptake run --demo` loads it, is accepted by the catalog API as it is. */
class SimulatedCatalogIT {

    @Test
    void shouldAcceptEveryFeatureOfTheSimulatedCatalog() {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode catalog = FeatureDefinitions.catalog(mapper, new FeatureCatalog("forecasting"));
        for (JsonNode feature : catalog) {
            given().baseUri(RunningSuite.suite().gatewayUrl())
                    .header("Authorization", "Bearer " + RunningSuite.tenant().adminKey())
                    .contentType("application/json").body(feature.toString())
                    .when().put("/v1/features/" + feature.path("key").asText())
                    .then().statusCode(oneOf(200, 201));
        }
        given().baseUri(RunningSuite.suite().gatewayUrl())
                .header("Authorization", "Bearer " + RunningSuite.tenant().readKey())
                .when().get("/v1/features/login")
                .then().statusCode(200).body("activityOnly", equalTo(true))
                .body("events[0].event", equalTo("Logged In"));
    }
}
