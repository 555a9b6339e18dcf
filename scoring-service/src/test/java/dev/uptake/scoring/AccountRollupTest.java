package dev.uptake.scoring;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.uptake.contracts.InternalHeaders;
import dev.uptake.contracts.ReplayHeaders;
import dev.uptake.contracts.Topics;
import dev.uptake.contracts.TrackedEvent;
import dev.uptake.scoring.service.RollupService;
import dev.uptake.testsupport.KafkaTestResource;
import dev.uptake.testsupport.MongoTestResource;
import dev.uptake.testsupport.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(MongoTestResource.class)
class AccountRollupTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Inject
    RollupService rollups;

    @Test
    void shouldCountEventsFromTheTopicAndShowThemOnTheAccount() {
        TestEvents.send(TestEvents.group("t-count", "acme", "u-1", Map.of("name", "Acme Corp", "plan", "pro"),
                NOW.minusSeconds(60)));
        TestEvents.send(TestEvents.track("t-count", "acme", "u-1", NOW.minusSeconds(30)));
        TestEvents.send(TestEvents.track("t-count", "acme", "u-2", NOW));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> asTenant("t-count")
                .when().get("/v1/accounts/acme")
                .then().statusCode(200)
                .body("accountId", equalTo("acme"))
                .body("eventCount", equalTo(3))
                .body("name", equalTo("Acme Corp"))
                .body("traits.plan", equalTo("pro"))
                .body("firstSeenAt", equalTo(NOW.minusSeconds(60).toString()))
                .body("lastSeenAt", equalTo(NOW.toString())));
    }

    @Test
    void shouldPublishTheActivationSignalOnceThroughTheBroker() throws Exception {
        TrackedEvent first = TestEvents.track("t-signal", "initech", "u-1", NOW.minusSeconds(10));
        TestEvents.send(first);
        TestEvents.send(TestEvents.track("t-signal", "initech", "u-1", NOW));

        List<ConsumerRecord<String, String>> signals = TestTopics.read(Topics.SIGNALS,
                r -> r.key().equals("t-signal/initech") && r.value().contains("\"lifecycle\""), 2, Duration.ofSeconds(8));

        assertThat(signals).hasSize(1);
        JsonNode signal = TestEvents.JSON.readTree(signals.get(0).value());
        assertThat(signal.get("kind").asText()).isEqualTo("lifecycle");
        assertThat(signal.get("from").asText()).isEqualTo("new");
        assertThat(signal.get("to").asText()).isEqualTo("active");
        assertThat(signal.get("subjectType").asText()).isEqualTo("account");
        assertThat(signal.get("at").asText()).isEqualTo(first.timestamp().toString());
        assertThat(TestTopics.header(signals.get(0), "ce_id")).isEqualTo(signal.get("signalId").asText());
        assertThat(TestTopics.header(signals.get(0), "ce_type")).isEqualTo("dev.uptake.signal.v1");
    }

    @Test
    void shouldLeaveCountsUnchangedWhenThePartitionIsReadAgain() {
        List<TrackedEvent> events = List.of(TestEvents.track("t-exact", "hooli", "u-1", NOW.minusSeconds(3)),
                TestEvents.track("t-exact", "hooli", "u-2", NOW.minusSeconds(2)),
                TestEvents.track("t-exact", "hooli", "u-3", NOW.minusSeconds(1)));
        events.forEach(TestEvents::send);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> asTenant("t-exact")
                .when().get("/v1/accounts/hooli").then().statusCode(200).body("eventCount", equalTo(3)));

        // Re-read the partition from the beginning, as after an offset reset, and apply it all again: whole, and
        // as overlapping batches that straddle what was already applied (a crash mid-batch, then a rebalance).
        List<IncomingEvent> replay = TestTopics.read(Topics.EVENTS, r -> r.key().equals("t-exact/hooli"), 3,
                Duration.ofSeconds(10)).stream().map(AccountRollupTest::incoming).toList();
        assertThat(replay).hasSize(3);
        rollups.apply(replay).await().atMost(Duration.ofSeconds(10));
        rollups.apply(replay.subList(1, 3)).await().atMost(Duration.ofSeconds(10));
        rollups.apply(replay.subList(0, 2)).await().atMost(Duration.ofSeconds(10));

        asTenant("t-exact").when().get("/v1/accounts/hooli").then().statusCode(200).body("eventCount", equalTo(3));
    }

    @Test
    void shouldApplyAReplayedEventAtItsOriginalPositionOnlyOnce() {
        TrackedEvent original = TestEvents.track("t-replay", "replayed", "u-1", NOW.minusSeconds(5));
        TestEvents.send(original);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> asTenant("t-replay")
                .when().get("/v1/accounts/replayed").then().statusCode(200).body("eventCount", equalTo(1)));
        ConsumerRecord<String, String> stored = TestTopics.read(Topics.EVENTS, r -> r.key().equals("t-replay/replayed"),
                1, Duration.ofSeconds(10)).get(0);

        // Ingestion's replay re-publishes it with its original position; a live event follows on the partition.
        TestTopics.send(Topics.EVENTS, stored.key(), stored.value(), Map.of(
                ReplayHeaders.ORIGIN_PARTITION, Integer.toString(stored.partition()),
                ReplayHeaders.ORIGIN_OFFSET, Long.toString(stored.offset()), ReplayHeaders.REPLAY_ID, "r-1"));
        TestEvents.send(TestEvents.track("t-replay", "replayed", "u-1", NOW));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> asTenant("t-replay")
                .when().get("/v1/accounts/replayed").then().statusCode(200).body("eventCount", equalTo(2)));

        // The original and its copy in one batch, before either was applied: counted once.
        IncomingEvent first = new IncomingEvent(TestEvents.track("t-replay", "fresh", "u-1", NOW), 0, 7);
        rollups.apply(List.of(first, new IncomingEvent(first.event(), 0, 7))).await().atMost(Duration.ofSeconds(10));
        asTenant("t-replay").when().get("/v1/accounts/fresh").then().statusCode(200).body("eventCount", equalTo(1));
    }

    @Test
    void shouldDeadLetterUnreadableRecordsAndKeepConsumingThePartition() {
        String key = "t-poison/wonka";
        TestTopics.send(Topics.EVENTS, key, "{not json", Map.of());
        TestTopics.send(Topics.EVENTS, key, "{\"schemaVersion\":99,\"tenantId\":\"t-poison\"}", Map.of());
        TestEvents.send(TestEvents.track("t-poison", "wonka", "u-1", NOW));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> asTenant("t-poison")
                .when().get("/v1/accounts/wonka").then().statusCode(200).body("eventCount", equalTo(1)));
        List<ConsumerRecord<String, String>> dead = TestTopics.read(Topics.deadLetter(Topics.EVENTS, "scoring"),
                r -> r.key().equals(key), 2, Duration.ofSeconds(10));
        assertThat(dead).extracting(ConsumerRecord::value)
                .containsExactly("{not json", "{\"schemaVersion\":99,\"tenantId\":\"t-poison\"}");
        assertThat(TestTopics.header(dead.get(1), "dead-letter-reason")).contains("schemaVersion 99");
        assertThat(TestTopics.header(dead.get(0), "dead-letter-topic")).isEqualTo(Topics.EVENTS);
    }

    @Test
    void shouldHideOtherTenantsAccounts() {
        TestEvents.send(TestEvents.track("t-private", "umbrella", "u-1", NOW));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> asTenant("t-private")
                .when().get("/v1/accounts/umbrella").then().statusCode(200));

        asTenant("t-intruder").when().get("/v1/accounts/umbrella")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://uptake.dev/problems/not-found"));
        asTenant("t-intruder").when().get("/v1/accounts").then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void shouldPageAccountsInAStableOrder() {
        for (String account : List.of("p-c", "p-a", "p-b")) {
            TestEvents.send(TestEvents.track("t-page", account, "u", NOW));
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> asTenant("t-page").when().get("/v1/accounts")
                .then().body("items", hasSize(3)));

        String cursor = asTenant("t-page").queryParam("limit", 2).when().get("/v1/accounts")
                .then().statusCode(200)
                .body("items.accountId", equalTo(List.of("p-a", "p-b")))
                .extract().path("nextCursor");
        asTenant("t-page").queryParam("limit", 2).queryParam("cursor", cursor).when().get("/v1/accounts")
                .then().statusCode(200)
                .body("items.accountId", equalTo(List.of("p-c")))
                .body("nextCursor", nullValue());
    }

    @Test
    void shouldRefuseBadPagingParameters() {
        asTenant("t-page").queryParam("limit", 500).when().get("/v1/accounts")
                .then().statusCode(400).body("type", equalTo("https://uptake.dev/problems/invalid-parameter"));
        asTenant("t-page").queryParam("cursor", "%%%").when().get("/v1/accounts")
                .then().statusCode(400).body("type", equalTo("https://uptake.dev/problems/invalid-cursor"));
    }

    @Test
    void shouldRefuseCallsWithoutTheGatewayCredential() {
        given().when().get("/v1/accounts/acme").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void shouldReportReadinessOfKafkaAndMongo() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", org.hamcrest.Matchers.hasItems(
                        org.hamcrest.Matchers.containsString("Kafka"), org.hamcrest.Matchers.containsString("MongoDB")));
    }

    private static IncomingEvent incoming(ConsumerRecord<String, String> record) {
        try {
            return new IncomingEvent(TestEvents.JSON.readValue(record.value(), TrackedEvent.class), record.partition(),
                    record.offset());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RequestSpecification asTenant(String tenantId) {
        return given().header(InternalHeaders.GATEWAY_TOKEN, "dev-only-internal-token-not-a-secret")
                .header(InternalHeaders.TENANT, tenantId).header(InternalHeaders.KEY_KIND, "read");
    }
}
