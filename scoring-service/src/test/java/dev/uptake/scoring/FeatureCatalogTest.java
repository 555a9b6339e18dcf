package dev.uptake.scoring;

import static dev.uptake.scoring.Api.asTenant;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.uptake.testsupport.KafkaTestResource;
import dev.uptake.testsupport.MongoTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(MongoTestResource.class)
class FeatureCatalogTest {

    static String request(String name) {
        try (InputStream in = FeatureCatalogTest.class.getResourceAsStream("/requests/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldNameTheFieldOfAWellFormedBodyOfTheWrongShape() {
        asTenant("t-shape").contentType("application/json")
                .body("{\"name\":\"Login\",\"events\":[\"Logged In\"],\"category\":\"core\"}")
                .when().put("/v1/features/login")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.equalTo("https://uptake.dev/problems/validation"))
                .body("errors[0].path", org.hamcrest.Matchers.equalTo("events[0]"))
                .body("errors[0].message", org.hamcrest.Matchers.equalTo("must be an object"));
    }

    @Test
    void shouldCreateReadReplaceAndDeleteAFeature() {
        asTenant("t-cat").contentType("application/json").body(request("feature-reports.json"))
                .when().put("/v1/features/reports")
                .then().statusCode(201).header("Location", endsWith("/v1/features/reports"))
                .body("key", equalTo("reports")).body("adoptionTarget", equalTo(80.0f))
                .body("depthLevels.weight", equalTo(List.of(40, 60, 90)));
        asTenant("t-cat").when().get("/v1/features/reports")
                .then().statusCode(200).body("name", equalTo("Reports")).body("impact", equalTo("high"))
                .body("events[1].property", equalTo("format")).body("tags", equalTo(List.of("value-driver", "sticky")));

        asTenant("t-cat").contentType("application/json")
                .body("{\"name\":\"Reporting\",\"events\":[{\"event\":\"Report Built\"}],\"category\":\"advanced\",\"adoptionTarget\":55}")
                .when().put("/v1/features/reports")
                .then().statusCode(200).body("name", equalTo("Reporting")).body("adoptionTarget", equalTo(55.0f))
                .body("impact", equalTo("medium"));

        asTenant("t-cat").when().delete("/v1/features/reports").then().statusCode(204);
        asTenant("t-cat").when().get("/v1/features/reports").then().statusCode(404)
                .contentType("application/problem+json").body("detail", equalTo("No feature reports in the catalog."));
        asTenant("t-cat").when().delete("/v1/features/reports").then().statusCode(404);
    }

    @Test
    void shouldDefaultTheTargetByCategory() {
        for (String category : List.of("core", "advanced", "specialized")) {
            asTenant("t-cat-defaults").contentType("application/json")
                    .body("{\"name\":\"X\",\"events\":[{\"event\":\"X\"}],\"category\":\"" + category + "\"}")
                    .when().put("/v1/features/" + category).then().statusCode(201);
        }
        asTenant("t-cat-defaults").when().get("/v1/features")
                .then().statusCode(200).body("items.key", equalTo(List.of("advanced", "core", "specialized")))
                .body("items.adoptionTarget", equalTo(List.of(40.0f, 80.0f, 20.0f)));
        String cursor = asTenant("t-cat-defaults").queryParam("limit", 2).when().get("/v1/features")
                .then().statusCode(200).body("items", hasSize(2)).extract().path("nextCursor");
        asTenant("t-cat-defaults").queryParam("limit", 2).queryParam("cursor", cursor).when().get("/v1/features")
                .then().statusCode(200).body("items.key", equalTo(List.of("specialized"))).body("nextCursor", nullValue());
    }

    @Test
    void shouldRefuseAMistypedFieldNamingItAndKeepTheFeatureAsItWas() {
        asTenant("t-cat-strict").contentType("application/json").body(request("feature-reports.json"))
                .when().put("/v1/features/reports").then().statusCode(201);

        // Dropped silently, "adoptionTarge" would have reset the target to the category's default.
        asTenant("t-cat-strict").contentType("application/json")
                .body("{\"name\":\"Reports\",\"events\":[{\"event\":\"Report Built\"}],\"category\":\"core\",\"adoptionTarge\":95}")
                .when().put("/v1/features/reports")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://uptake.dev/problems/validation"))
                .body("errors[0].path", equalTo("adoptionTarge"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("known fields: activityOnly, adoptionTarget"));
        asTenant("t-cat-strict").contentType("application/json")
                .body("{\"name\":\"Reports\",\"events\":[{\"event\":\"Report Built\",\"propery\":\"format\"}],\"category\":\"core\"}")
                .when().put("/v1/features/reports")
                .then().statusCode(400).body("errors[0].path", equalTo("events[0].propery"));
        asTenant("t-cat-strict").when().get("/v1/features/reports")
                .then().statusCode(200).body("adoptionTarget", equalTo(80.0f)).body("impact", equalTo("high"));

        // What GET answers can be PUT back; a key in the body must be the path's.
        String read = asTenant("t-cat-strict").when().get("/v1/features/reports").then().statusCode(200)
                .extract().asString();
        asTenant("t-cat-strict").contentType("application/json").body(read).when().put("/v1/features/reports")
                .then().statusCode(200).body("key", equalTo("reports"));
        asTenant("t-cat-strict").contentType("application/json").body(read).when().put("/v1/features/exports")
                .then().statusCode(400).body("errors[0].path", equalTo("key"));
        asTenant("t-cat-strict").when().get("/v1/features/exports").then().statusCode(404);
    }

    @Test
    void shouldRefuseInvalidFeaturesWithEveryFieldError() {
        asTenant("t-cat").contentType("application/json")
                .body("{\"events\":[],\"category\":\"basic\",\"adoptionTarget\":120,\"tags\":[\"shiny\"]}")
                .when().put("/v1/features/reports")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://uptake.dev/problems/validation"))
                .body("errors.path", containsInAnyOrder(endsWith("name"), endsWith("events"), endsWith("category"),
                        endsWith("adoptionTarget"), endsWith("tags[0].<list element>")));
        asTenant("t-cat").contentType("application/json")
                .body("{\"name\":\"R\",\"events\":[{\"event\":\"A\",\"property\":\"format\"}],\"category\":\"core\","
                        + "\"depthLevels\":[{\"name\":\"deep\",\"events\":[\"A\"],\"weight\":90},{\"name\":\"deeper\",\"events\":[\"B\"],\"weight\":60}]}")
                .when().put("/v1/features/reports")
                .then().statusCode(400)
                .body("errors.path", containsInAnyOrder("events[0].value", "depthLevels[1].weight"));
        asTenant("t-cat").contentType("application/json").body(request("feature-reports.json"))
                .when().put("/v1/features/Not A Key!")
                .then().statusCode(400).body("type", equalTo("https://uptake.dev/problems/validation"));
        asTenant("t-cat").contentType("application/json").when().put("/v1/features/reports")
                .then().statusCode(400).contentType("application/problem+json");
        asTenant("t-cat").contentType("application/json").body("{\"name\":")
                .when().put("/v1/features/reports")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void shouldKeepCatalogsPerTenantAndRequireTheGatewayCredential() {
        asTenant("t-cat-a").contentType("application/json").body(request("feature-reports.json"))
                .when().put("/v1/features/reports").then().statusCode(201);
        asTenant("t-cat-b").when().get("/v1/features/reports").then().statusCode(404);
        asTenant("t-cat-b").when().get("/v1/features").then().statusCode(200).body("items", hasSize(0));
        given().when().get("/v1/features").then().statusCode(401).contentType("application/problem+json");
        given().contentType("application/json").body(request("feature-reports.json"))
                .when().put("/v1/features/reports").then().statusCode(401);
    }

    @Test
    void shouldListEventNamesNoFeatureMaps() {
        Instant now = Instant.now();
        TestEvents.sendAll(List.of(TestEvents.track("t-disc", "a-1", "u-1", "Report Built", now),
                TestEvents.track("t-disc", "a-1", "u-1", "Export Scheduled", now),
                TestEvents.track("t-disc", "a-2", "u-2", "Export Scheduled", now),
                TestEvents.track("t-disc", "a-2", "u-2", "Report Viewed", now)));
        asTenant("t-disc").contentType("application/json").body(request("feature-reports.json"))
                .when().put("/v1/features/reports").then().statusCode(201);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> asTenant("t-disc")
                .when().get("/v1/features/discovered")
                .then().statusCode(200)
                .body("items.event", equalTo(List.of("Export Scheduled")))
                .body("items.count", equalTo(List.of(2))));
        asTenant("t-disc").when().delete("/v1/features/reports").then().statusCode(204);
        asTenant("t-disc").when().get("/v1/features/discovered").then().statusCode(200)
                .body("items.event", equalTo(List.of("Export Scheduled", "Report Built", "Report Viewed")))
                .body("items.event", not(hasItem("reports")));
    }
}
