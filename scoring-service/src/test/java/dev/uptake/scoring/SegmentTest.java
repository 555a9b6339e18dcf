package dev.uptake.scoring;

import static dev.uptake.scoring.Api.asTenant;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.uptake.contracts.Topics;
import dev.uptake.contracts.TrackedEvent;
import dev.uptake.scoring.service.SegmentService;
import dev.uptake.testsupport.KafkaTestResource;
import dev.uptake.testsupport.MongoTestResource;
import dev.uptake.testsupport.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(MongoTestResource.class)
class SegmentTest {

    private static final String TENANT = "t-seg";
    private static final Instant BASE = Instant.parse("2026-01-05T10:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);

    @Inject
    SegmentService segments;

    @Inject
    TestClock clock;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    @Test
    void shouldSignalSegmentChangesFromEventsAndFromSilenceOnce() throws Exception {
        TestEvents.send(TestEvents.track(TENANT, "seg-co", "s-1", BASE));
        awaitSegment("s-1", "new");

        List<TrackedEvent> daily = new ArrayList<>();
        for (int day = 1; day < 20; day++) {
            daily.add(TestEvents.track(TENANT, "seg-co", "s-1", BASE.plus(DAY.multipliedBy(day))));
        }
        TestEvents.sendAll(daily);
        awaitSegment("s-1", "power");
        Instant lastActive = BASE.plus(DAY.multipliedBy(19));

        // Silence: 15 days later the user is at risk, 31 days later dormant; each found once however often we look.
        clock.set(lastActive.plus(DAY.multipliedBy(15)));
        assertThat(segments.reevaluate().await().atMost(Duration.ofSeconds(10))).isEqualTo(2);
        assertThat(segments.reevaluate().await().atMost(Duration.ofSeconds(10))).isZero();
        clock.set(lastActive.plus(DAY.multipliedBy(31)));
        segments.reevaluate().await().atMost(Duration.ofSeconds(10));
        clock.set(lastActive.plus(DAY.multipliedBy(32)));
        assertThat(segments.reevaluate().await().atMost(Duration.ofSeconds(10))).isZero();
        awaitSegment("s-1", "dormant");

        // Coming back is an event-driven change.
        Instant back = lastActive.plus(DAY.multipliedBy(40));
        TestEvents.send(TestEvents.track(TENANT, "seg-co", "s-1", back));
        awaitSegment("s-1", "casual");

        // Days 1-13 keep the user new and any batch ending on day 14 or later makes it power (15+ active days), so
        // however the consumer batches, there are exactly five transitions; ask for six to see a duplicate.
        List<JsonNode> signals = segmentSignals(TENANT + "/s-1", 6);
        assertThat(signals).extracting(signal -> signal.get("to").asText())
                .containsExactly("new", "power", "at-risk", "dormant", "casual");
        assertThat(signals.get(0).has("from")).isFalse();
        assertThat(signals.get(0).get("to").asText()).isEqualTo("new");
        JsonNode atRisk = signals.stream().filter(s -> s.get("to").asText().equals("at-risk")).findFirst().orElseThrow();
        assertThat(atRisk.get("from").asText()).isEqualTo("power");
        assertThat(atRisk.get("at").asText()).isEqualTo(lastActive.plus(DAY.multipliedBy(14)).toString());
        assertThat(atRisk.get("subjectType").asText()).isEqualTo("user");
        JsonNode dormant = signals.stream().filter(s -> s.get("to").asText().equals("dormant")).findFirst().orElseThrow();
        assertThat(dormant.get("at").asText()).isEqualTo(lastActive.plus(DAY.multipliedBy(30)).toString());
        JsonNode casual = signals.get(signals.size() - 1);
        assertThat(casual.get("from").asText()).isEqualTo("dormant");
        assertThat(casual.get("at").asText()).isEqualTo(back.toString());
        assertThat(signals).extracting(signal -> signal.get("signalId").asText()).doesNotHaveDuplicates();

        asTenant(TENANT).when().get("/v1/segments").then().statusCode(200)
                .body("segments.users.casual", equalTo(1)).body("segments.accounts.casual", equalTo(1))
                .body("maturity.users.developing", equalTo(1));
        asTenant(TENANT).when().get("/v1/segments/users/casual/members").then().statusCode(200)
                .body("items.id", equalTo(List.of("s-1"))).body("items[0].lastActiveAt", equalTo(back.toString()));
        asTenant(TENANT).queryParam("segment", "casual").when().get("/v1/accounts").then().statusCode(200)
                .body("items.accountId", equalTo(List.of("seg-co")));
    }

    @Test
    void shouldMarkSignalsFromHistoricalDataAsHistorical() throws Exception {
        TestEvents.send(TestEvents.historical(TestEvents.track("t-seg-hist", "old-co", "h-1", BASE)));
        List<JsonNode> signals = segmentSignals("t-seg-hist/h-1", 1);
        assertThat(signals).hasSize(1);
        assertThat(signals.get(0).get("historical").asBoolean()).isTrue();
        assertThat(signals.get(0).get("kind").asText()).isEqualTo("segment");
    }

    @Test
    void shouldRefuseUnknownSegmentsAndKinds() {
        asTenant(TENANT).when().get("/v1/segments/robots/power/members").then().statusCode(400)
                .contentType("application/problem+json").body("detail", equalTo("kind must be users or accounts."));
        asTenant(TENANT).when().get("/v1/segments/users/royalty/members").then().statusCode(400);
        asTenant(TENANT).queryParam("limit", 1000).when().get("/v1/segments/users/power/members").then().statusCode(400);
        given().when().get("/v1/segments").then().statusCode(401);
    }

    private void awaitSegment(String userId, String segment) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> asTenant(TENANT).when().get("/v1/users/" + userId)
                .then().statusCode(200).body("segment", equalTo(segment)));
    }

    /** Segment signals for the key, ordered by time; waits up to 8 s for {@code atLeast}, then returns what it has. */
    private static List<JsonNode> segmentSignals(String key, int atLeast) throws Exception {
        List<JsonNode> signals = new ArrayList<>();
        for (ConsumerRecord<String, String> record : TestTopics.read(Topics.SIGNALS,
                r -> r.key().equals(key) && r.value().contains("\"segment\""), atLeast, Duration.ofSeconds(8))) {
            signals.add(TestEvents.JSON.readTree(record.value()));
        }
        signals.sort((a, b) -> a.get("at").asText().compareTo(b.get("at").asText()));
        return signals;
    }
}
