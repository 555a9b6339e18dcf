package dev.uptake.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** A replay re-publishes archived events; scoring must not count them twice. */
class ReplayIT {

    @BeforeAll
    static void startSuite() {
        RestAssured.baseURI = RunningSuite.suite().gatewayUrl();
    }

    @Test
    void shouldNotCountReplayedEventsTwice() {
        String account = "replayed-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            track(account);
        }
        awaitEventCount(account, 3);

        String location = given().header("Authorization", "Bearer " + RunningSuite.tenant().adminKey())
                .contentType(ContentType.JSON)
                .body("{\"from\":\"" + Instant.now().minus(1, ChronoUnit.HOURS) + "\",\"to\":\""
                        + Instant.now().plus(1, ChronoUnit.HOURS) + "\",\"accountId\":\"" + account + "\"}")
                .when().post("/v1/replays")
                .then().statusCode(202).extract().header("Location");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .header("Authorization", "Bearer " + RunningSuite.tenant().adminKey())
                .when().get(location)
                .then().statusCode(200).body("status", equalTo("completed")).body("published", equalTo(3)));

        // A live event after the replay, on the same partition: once it is counted, the replay was consumed too.
        track(account);
        awaitEventCount(account, 4);
    }

    private static void track(String account) {
        given().auth().preemptive().basic(RunningSuite.tenant().writeKey(), "").contentType(ContentType.JSON)
                .body("{\"userId\":\"u-1\",\"event\":\"Exported\",\"messageId\":\"" + UUID.randomUUID()
                        + "\",\"context\":{\"groupId\":\"" + account + "\"}}")
                .when().post("/v1/track").then().statusCode(200);
    }

    private static void awaitEventCount(String account, int expected) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> given()
                .header("Authorization", "Bearer " + RunningSuite.tenant().readKey())
                .when().get("/v1/accounts/" + account)
                .then().statusCode(200).body("eventCount", equalTo(expected)));
    }
}
