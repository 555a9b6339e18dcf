package dev.uptake.ingestion;

import static dev.uptake.ingestion.Gateway.asTenant;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.uptake.contracts.Topics;
import dev.uptake.testsupport.KafkaTestResource;
import dev.uptake.testsupport.MongoTestResource;
import dev.uptake.testsupport.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;

/** Stops the real broker under a running ingestion service and starts it again. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(MongoTestResource.class)
class BrokerOutageTest {

    /** A hung request (the producer blocking for max.block.ms) fails the test instead of answering late. */
    private static final RestAssuredConfig NO_HANGING = RestAssuredConfig.config().httpClient(HttpClientConfig
            .httpClientConfig().setParam("http.socket.timeout", 4_000).setParam("http.connection.timeout", 4_000));

    @AfterEach
    void restartBroker() {
        KafkaTestResource.broker();
    }

    @Test
    void shouldAnswer503WhileTheBrokerIsDownAndLoseOrDuplicateNothingAfterwards() {
        Events before = Events.track("u-outage", "Before");
        asTenant("outage").body(before.json()).when().post("/v1/track").then().statusCode(200);

        KafkaTestResource.broker().stop();
        Events during = Events.track("u-outage", "During");
        long started = System.nanoTime();
        asTenant("outage").config(NO_HANGING).body(during.json())
                .when().post("/v1/track")
                .then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("type", equalTo("https://uptake.dev/problems/unavailable"));
        System.out.printf("503 answered in %d ms with the broker down%n", (System.nanoTime() - started) / 1_000_000);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/q/health/ready")
                .then().statusCode(503).body("status", equalTo("DOWN")));

        KafkaTestResource.broker();
        // The client retries with the same messageId, as Segment SDKs do after a 503.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                asTenant("outage").body(during.json()).when().post("/v1/track").then().statusCode(200));
        asTenant("outage").body(during.json()).when().post("/v1/track").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/q/health/ready")
                .then().statusCode(200));

        assertThat(TestTopics.read(Topics.EVENTS, r -> before.messageId().equals(TestTopics.header(r, "ce_id")), 2,
                Duration.ofSeconds(5))).hasSize(1);
        assertThat(TestTopics.read(Topics.EVENTS, r -> during.messageId().equals(TestTopics.header(r, "ce_id")), 2,
                Duration.ofSeconds(5))).hasSize(1);
    }
}
