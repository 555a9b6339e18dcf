package dev.uptake.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Filters;

import dev.uptake.scoring.repository.Ids;
import io.micrometer.core.instrument.MeterRegistry;

import dev.uptake.contracts.Topics;
import dev.uptake.scoring.service.OutboxRelay;
import dev.uptake.scoring.service.RollupService;
import dev.uptake.testsupport.KafkaTestResource;
import dev.uptake.testsupport.MongoTestResource;
import dev.uptake.testsupport.TestTopics;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A consumer that dies mid-batch: the signals and the day, session and account rollups were written, the user
 * documents (written last) were not. The batch comes again, cut differently, as after a rebalance.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(MongoTestResource.class)
class CrashRecoveryTest {

    private static final Instant BASE = Instant.parse("2026-03-02T09:00:00Z");

    @Inject
    RollupService rollups;

    @Inject
    OutboxRelay relay;

    @Inject
    ReactiveMongoClient mongo;

    @Inject
    MeterRegistry meters;

    @Test
    void shouldChangeNoCountAndRepeatNoTransitionWhenABatchIsAppliedAgainAfterACrash() throws Exception {
        String tenant = "t-crash-" + UUID.randomUUID();
        List<IncomingEvent> events = new ArrayList<>();
        for (int day = 0; day < 12; day++) {
            events.add(new IncomingEvent(TestEvents.track(tenant, "co", "u", BASE.plus(Duration.ofDays(day))), 0,
                    100 + day));
        }
        rollups.apply(events).await().atMost(Duration.ofSeconds(20));
        Map<String, List<Document>> applied = Api.snapshot(mongo, tenant);

        // The crash: the user document never got written.
        mongo.getDatabase("uptake").getCollection("users").deleteMany(Filters.eq("tenantId", tenant))
                .await().atMost(Duration.ofSeconds(10));
        rollups.apply(events.subList(0, 5)).await().atMost(Duration.ofSeconds(20));
        rollups.apply(events.subList(5, 12)).await().atMost(Duration.ofSeconds(20));

        assertThat(Api.snapshot(mongo, tenant)).isEqualTo(applied);
        relay.publishPending().await().atMost(Duration.ofSeconds(20));
        List<JsonNode> signals = new ArrayList<>();
        for (var record : TestTopics.read(Topics.SIGNALS, r -> r.key().equals(tenant + "/u")
                && r.value().contains("\"segment\""), 3, Duration.ofSeconds(5))) {
            signals.add(TestEvents.JSON.readTree(record.value()));
        }
        Set<String> transitions = new LinkedHashSet<>();
        Set<String> ids = new LinkedHashSet<>();
        signals.stream().sorted((a, b) -> a.get("at").asText().compareTo(b.get("at").asText())).forEach(signal -> {
            transitions.add(signal.path("from").asText("-") + ">" + signal.get("to").asText());
            ids.add(signal.get("signalId").asText());
        });
        // Casual from the first day, power on the eighth active day; whatever the batches, once each and under one id.
        assertThat(transitions).containsExactly("->casual", "casual>power");
        assertThat(ids).hasSize(2);
        JsonNode power = signals.stream().filter(s -> s.get("to").asText().equals("power")).findFirst().orElseThrow();
        assertThat(power.get("at").asText()).isEqualTo(BASE.plus(Duration.ofDays(7)).toString());
    }
    @Test
    void shouldCountABatchOnceWhenItsLastWriteFailedAndItIsAppliedAgain() {
        String tenant = "t-crash-count-" + UUID.randomUUID();
        List<IncomingEvent> events = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            events.add(new IncomingEvent(TestEvents.track(tenant, "co", "u", BASE.plusSeconds(60L * i)), 1, 500 + i));
        }
        // A user document the users write (the batch's last) cannot add to: the accounts are written, then it fails.
        var users = mongo.getDatabase("uptake").getCollection("users");
        users.insertOne(new Document("_id", Ids.of(tenant, "u")).append("tenantId", tenant).append("userId", "u")
                .append("eventCount", "not a number")).await().atMost(Duration.ofSeconds(10));
        double before = handled();

        assertThatThrownBy(() -> rollups.apply(events).await().atMost(Duration.ofSeconds(20)))
                .hasMessageContaining("eventCount");
        assertThat(handled()).isEqualTo(before);

        users.deleteOne(Filters.eq("_id", Ids.of(tenant, "u"))).await().atMost(Duration.ofSeconds(10));
        rollups.apply(events).await().atMost(Duration.ofSeconds(20));
        assertThat(handled()).isEqualTo(before + events.size());
    }

    /** Events applied or skipped as seen before: each event of a stored batch once. */
    private double handled() {
        return meters.counter("uptake.scoring.events.applied").count()
                + meters.counter("uptake.scoring.events.skipped").count();
    }
}
