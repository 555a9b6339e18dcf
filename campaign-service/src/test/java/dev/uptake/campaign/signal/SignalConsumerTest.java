package dev.uptake.campaign.signal;

import static dev.uptake.campaign.Gateway.asTenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.uptake.contracts.Signal;
import dev.uptake.contracts.Topics;
import dev.uptake.testsupport.KafkaTestResource;
import dev.uptake.testsupport.PostgresTestResource;
import dev.uptake.testsupport.TestTopics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/** The signal consumer through the real broker and the real database. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class SignalConsumerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    MeterRegistry meters;

    @Inject
    Pool pool;

    @Test
    void shouldShowAPublishedSignalWithEveryFieldToItsTenant() {
        Signal signal = TestSignals.lifecycle("t-visible", "acme");
        TestSignals.send(signal);

        await().atMost(PATIENCE).untilAsserted(() -> asTenant("t-visible")
                .when().get("/v1/signals")
                .then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].signalId", equalTo(signal.signalId()))
                .body("items[0].schemaVersion", equalTo(1))
                .body("items[0].tenantId", equalTo("t-visible"))
                .body("items[0].subjectType", equalTo("account"))
                .body("items[0].subjectId", equalTo("acme"))
                .body("items[0].kind", equalTo("lifecycle"))
                .body("items[0].from", equalTo("new"))
                .body("items[0].to", equalTo("active"))
                .body("items[0].at", equalTo(signal.at().toString()))
                .body("items[0].historical", equalTo(false))
                .body("items[0].receivedAt", notNullValue())
                .body("nextCursor", nullValue()));
        assertThat(meters.counter("uptake.campaign.signals.received", "tenant", "t-visible").count()).isEqualTo(1);
    }

    @Test
    void shouldLeaveOutFromWhenTheSubjectHadNoStateBefore() {
        Signal signal = TestSignals.firstSegment("t-first", "u-7");
        TestSignals.send(signal);

        await().atMost(PATIENCE).untilAsserted(() -> asTenant("t-first")
                .when().get("/v1/signals/{id}", signal.signalId())
                .then().statusCode(200)
                .body("subjectType", equalTo("user"))
                .body("kind", equalTo("segment"))
                .body("to", equalTo("power-users"))
                .body("$", not(hasKey("from"))));
    }

    @Test
    void shouldStoreASignalOnceWhenItIsDeliveredTwice() {
        Signal twice = TestSignals.lifecycle("t-twice", "initech");
        Signal after = TestSignals.historical("t-twice", "initech");
        TestSignals.send(twice);
        TestSignals.send(twice);
        // Same key, so once this one is visible the redelivery before it has been handled too.
        TestSignals.send(after);

        await().atMost(PATIENCE).untilAsserted(() -> asTenant("t-twice")
                .when().get("/v1/signals/{id}", after.signalId()).then().statusCode(200));
        asTenant("t-twice")
                .when().get("/v1/signals?subjectId=initech&kind=lifecycle")
                .then().statusCode(200)
                .body("items.signalId", contains(twice.signalId()));
        assertThat(meters.counter("uptake.campaign.signals.received", "tenant", "t-twice").count()).isEqualTo(3);
        assertThat(meters.counter("uptake.campaign.signals.duplicates", "tenant", "t-twice").count()).isEqualTo(1);
    }

    @Test
    void shouldStoreHistoricalSignalsFlagged() {
        Signal signal = TestSignals.historical("t-history", "hooli");
        TestSignals.send(signal);

        await().atMost(PATIENCE).untilAsserted(() -> asTenant("t-history")
                .when().get("/v1/signals/{id}", signal.signalId())
                .then().statusCode(200)
                .body("historical", equalTo(true))
                .body("from", equalTo("green"))
                .body("to", equalTo("red")));
    }

    @Test
    void shouldDeadLetterUnreadableAndInvalidRecordsAndKeepConsumingThePartition() {
        String key = "t-poison/wonka";
        String notJson = "{not json";
        String unknownVersion = "{\"schemaVersion\":99,\"signalId\":\"s-99\",\"tenantId\":\"t-poison\"}";
        String noHistoricalFlag = TestSignals.json(TestSignals.lifecycle("t-poison", "wonka"))
                .replace(",\"historical\":false", "");
        TestTopics.send(Topics.SIGNALS, key, notJson, Map.of());
        TestTopics.send(Topics.SIGNALS, key, unknownVersion, Map.of());
        TestTopics.send(Topics.SIGNALS, key, noHistoricalFlag, Map.of());
        Signal valid = TestSignals.lifecycle("t-poison", "wonka");
        TestSignals.send(valid);

        await().atMost(PATIENCE).untilAsserted(() -> asTenant("t-poison")
                .when().get("/v1/signals")
                .then().statusCode(200)
                .body("items.signalId", contains(valid.signalId())));
        List<ConsumerRecord<String, String>> dead = TestTopics.read(Topics.deadLetter(Topics.SIGNALS, "campaign"),
                r -> key.equals(r.key()), 3, Duration.ofSeconds(15));
        assertThat(dead).extracting(ConsumerRecord::value).containsExactly(notJson, unknownVersion, noHistoricalFlag);
        assertThat(TestTopics.header(dead.get(0), "dead-letter-reason")).isEqualTo("not JSON");
        assertThat(TestTopics.header(dead.get(1), "dead-letter-reason")).isEqualTo("unsupported schemaVersion 99");
        assertThat(TestTopics.header(dead.get(2), "dead-letter-reason")).isEqualTo("missing historical");
        assertThat(TestTopics.header(dead.get(0), "dead-letter-topic")).isEqualTo(Topics.SIGNALS);
        assertThat(meters.counter("uptake.campaign.signals.dead-lettered", "tenant", "t-poison").count()).isEqualTo(3);
    }

    @Test
    void shouldWaitThroughAStorageOutageAndThenStoreTheSignalOnce() {
        Signal signal = TestSignals.lifecycle("t-outage", "umbrella");
        double failuresBefore = meters.counter("uptake.campaign.signals.store-failures").count();
        pool.query("alter table signals rename to signals_away").execute().await().atMost(PATIENCE);
        try {
            TestSignals.send(signal);
            await().atMost(PATIENCE).until(
                    () -> meters.counter("uptake.campaign.signals.store-failures").count() > failuresBefore);
        } finally {
            pool.query("alter table signals_away rename to signals").execute().await().atMost(PATIENCE);
        }

        await().atMost(PATIENCE).untilAsserted(() -> asTenant("t-outage")
                .when().get("/v1/signals/{id}", signal.signalId()).then().statusCode(200));
        assertThat(meters.counter("uptake.campaign.signals.received", "tenant", "t-outage").count()).isEqualTo(1);
        assertThat(meters.counter("uptake.campaign.signals.duplicates", "tenant", "t-outage").count()).isZero();
        assertThat(meters.find("uptake.campaign.signals.dead-lettered").tag("tenant", "t-outage").counter()).isNull();
    }
}
