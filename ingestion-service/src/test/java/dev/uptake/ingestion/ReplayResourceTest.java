package dev.uptake.ingestion;

import static dev.uptake.ingestion.Gateway.asTenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.uptake.contracts.ReplayHeaders;
import dev.uptake.contracts.Topics;
import dev.uptake.testsupport.KafkaTestResource;
import dev.uptake.testsupport.MongoTestResource;
import dev.uptake.testsupport.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(MongoTestResource.class)
class ReplayResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldRepublishArchivedEventsAsHistoricalWithTheirOriginalPositionsInOrder() throws Exception {
        String tenant = "replay-" + UUID.randomUUID();
        List<Events> calls = List.of(Events.track("u-1", "One").account("acme"), Events.track("u-2", "Two").account("acme"),
                Events.track("u-1", "Three").account("acme"));
        for (Events call : calls) {
            asTenant(tenant).body(call.json()).when().post("/v1/track").then().statusCode(200);
        }
        List<ConsumerRecord<String, String>> originals = calls.stream()
                .map(call -> TrackingResourceTest.published(call.messageId())).toList();

        String location = asTenant(tenant).body("{\"from\":\"" + Instant.now().minus(1, ChronoUnit.HOURS)
                + "\",\"to\":\"" + Instant.now().plus(1, ChronoUnit.HOURS) + "\",\"accountId\":\"acme\"}")
                .when().post("/v1/replays")
                .then().statusCode(202).header("Location", startsWith("/v1/replays/")).body("status", equalTo("running"))
                .extract().header("Location");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> asTenant(tenant).when().get(location)
                .then().statusCode(200).body("status", equalTo("completed")).body("published", equalTo(3)));

        String replayId = location.substring(location.lastIndexOf('/') + 1);
        List<ConsumerRecord<String, String>> replayed = TestTopics.read(Topics.EVENTS,
                r -> replayId.equals(TestTopics.header(r, ReplayHeaders.REPLAY_ID)), 3, Duration.ofSeconds(15));
        assertThat(replayed).hasSize(3);
        for (int i = 0; i < 3; i++) {
            ConsumerRecord<String, String> original = originals.get(i);
            ConsumerRecord<String, String> again = replayed.get(i);
            JsonNode payload = JSON.readTree(again.value());
            assertThat(payload.get("messageId").asText()).isEqualTo(calls.get(i).messageId());
            assertThat(payload.get("historical").asBoolean()).isTrue();
            assertThat(again.key()).isEqualTo(original.key());
            assertThat(TestTopics.header(again, ReplayHeaders.ORIGIN_PARTITION))
                    .isEqualTo(Integer.toString(original.partition()));
            assertThat(TestTopics.header(again, ReplayHeaders.ORIGIN_OFFSET))
                    .isEqualTo(Long.toString(original.offset()));
        }
    }

    @Test
    void shouldRefuseInvalidRangesAndHideOtherTenantsReplays() {
        asTenant("t").body("{\"from\":\"2026-02-01T00:00:00Z\",\"to\":\"2026-01-01T00:00:00Z\"}")
                .when().post("/v1/replays")
                .then().statusCode(400).body("type", equalTo("https://uptake.dev/problems/invalid-range"));
        asTenant("t").body("{\"to\":\"2026-01-01T00:00:00Z\"}").when().post("/v1/replays")
                .then().statusCode(400).body("errors[0].path", equalTo("from"));
        // Dropped silently, a mistyped accountId would replay the whole tenant.
        asTenant("t").body("{\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-01-02T00:00:00Z\",\"acountId\":\"acme\"}")
                .when().post("/v1/replays")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].path", equalTo("acountId"))
                .body("errors[0].message", equalTo("is not a field of this request; known fields: accountId, from, to"));
        String location = asTenant("owner").body("{\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-01-02T00:00:00Z\"}")
                .when().post("/v1/replays").then().statusCode(202).extract().header("Location");
        asTenant("intruder").when().get(location).then().statusCode(404);
    }
}
