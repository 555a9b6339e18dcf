package dev.uptake.campaign;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import org.junit.jupiter.api.Test;

import dev.uptake.contracts.InternalHeaders;
import dev.uptake.testsupport.KafkaTestResource;
import dev.uptake.testsupport.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class ReadinessTest {

    @Test
    void shouldServePrometheusMetrics() {
        given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("jvm_memory_used_bytes"));
    }

    @Test
    void shouldBeReadyWhenPostgresAndKafkaAreUp() {
        given()
                .when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Reactive PostgreSQL connections health check",
                        "Kafka connection health check", "SmallRye Reactive Messaging - readiness check"));
    }

    @Test
    void shouldAnswerAnUnknownRouteWithA404Problem() {
        given().header(InternalHeaders.GATEWAY_TOKEN, "dev-only-internal-token-not-a-secret")
                .header(InternalHeaders.TENANT, "t").header(InternalHeaders.KEY_KIND, "admin")
                .when().get("/v1/nowhere")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    @Test
    void shouldPublishTheSignalsApiInTheOpenApiDocument() {
        given().queryParam("format", "json")
                .when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths.'/v1/signals'.get.responses.keySet()", hasItems("200", "400", "401"))
                .body("paths.'/v1/signals/{signalId}'.get.responses.keySet()", hasItems("200", "401", "404"));
    }
}
