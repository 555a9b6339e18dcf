package dev.uptake.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.uptake.launcher.Service;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * One event the whole way, through the gateway only: track → ingestion → Kafka → scoring counts it and signals the
 * account's activation → Kafka → campaign stores the signal.
 */
class EventToSignalSliceIT {

    @BeforeAll
    static void startSuite() {
        RestAssured.baseURI = RunningSuite.suite().gatewayUrl();
    }

    @Test
    void shouldCarryOneTrackedEventFromTheGatewayToACampaignSignal() {
        String account = "acct-" + UUID.randomUUID();
        String body = "{\"userId\":\"u-1\",\"event\":\"Report Built\",\"messageId\":\"" + UUID.randomUUID()
                + "\",\"context\":{\"groupId\":\"" + account + "\"}}";

        given().auth().preemptive().basic(RunningSuite.tenant().writeKey(), "").contentType(ContentType.JSON).body(body)
                .when().post("/v1/track")
                .then().statusCode(200).body("success", equalTo(true));
        // A retry of the same call must not be counted again.
        given().auth().preemptive().basic(RunningSuite.tenant().writeKey(), "").contentType(ContentType.JSON).body(body)
                .when().post("/v1/track")
                .then().statusCode(200);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                given().header("Authorization", "Bearer " + RunningSuite.tenant().readKey())
                        .when().get("/v1/accounts/" + account)
                        .then().statusCode(200)
                        .body("accountId", equalTo(account))
                        .body("eventCount", equalTo(1)));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                given().header("Authorization", "Bearer " + RunningSuite.tenant().readKey())
                        .queryParam("subjectId", account).queryParam("kind", "lifecycle")
                        .when().get("/v1/signals")
                        .then().statusCode(200)
                        .body("items", hasSize(1))
                        .body("items[0].kind", equalTo("lifecycle"))
                        .body("items[0].from", equalTo("new"))
                        .body("items[0].to", equalTo("active")));
    }

    @Test
    void shouldRefuseAServiceCalledDirectlyAroundTheGateway() {
        int scoringPort = RunningSuite.suite().options().servicePorts().get(Service.SCORING);
        given().baseUri("http://localhost:" + scoringPort).header("X-Uptake-Tenant", RunningSuite.tenant().tenantId())
                .when().get("/v1/accounts")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void shouldRefuseMissingAndWrongKindsOfKeysAtTheGateway() {
        given().when().get("/v1/accounts").then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + RunningSuite.tenant().writeKey())
                .when().get("/v1/accounts").then().statusCode(403).contentType("application/problem+json");
    }
}
