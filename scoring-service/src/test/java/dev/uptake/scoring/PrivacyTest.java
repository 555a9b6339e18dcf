package dev.uptake.scoring;

import static dev.uptake.scoring.Api.asTenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.model.Filters;

import dev.uptake.contracts.PrivacyRequest;
import dev.uptake.contracts.Topics;
import dev.uptake.contracts.TrackedEvent;
import dev.uptake.scoring.service.MonthBackfill;
import dev.uptake.scoring.service.RollupService;
import dev.uptake.testsupport.KafkaTestResource;
import dev.uptake.testsupport.MongoTestResource;
import dev.uptake.testsupport.TestTopics;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(MongoTestResource.class)
class PrivacyTest {

    private static final String TENANT = "t-priv";
    private static final LocalDate AS_OF = LocalDate.of(2026, 3, 31);

    @Inject
    RollupService rollups;

    @Inject
    ReactiveMongoClient mongo;

    @Inject
    MonthBackfill monthBackfill;

    @Test
    void shouldEraseAUsersRollupsWhileAccountTotalsStayExact() {
        List<TrackedEvent> history = new ArrayList<>();
        history.add(TestEvents.identify(TENANT, "p-1", TestEvents.traits("email", "gone@example.com"),
                AS_OF.minusDays(10).atStartOfDay().toInstant(java.time.ZoneOffset.UTC)));
        for (int day = 0; day < 10; day++) {
            Instant morning = AS_OF.minusDays(day).atTime(9, 0).toInstant(java.time.ZoneOffset.UTC);
            history.add(TestEvents.track(TENANT, "p-co", "p-1", "Report Built", morning));
            history.add(TestEvents.track(TENANT, "p-co", "p-1", "Report Built", morning.plusSeconds(600)));
            if (day % 2 == 0) {
                history.add(TestEvents.track(TENANT, "p-co", "p-2", "Dashboard Viewed", morning));
            }
        }
        TestEvents.sendAll(history);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> asTenant(TENANT).when().get("/v1/accounts/p-co")
                .then().statusCode(200).body("eventCount", equalTo(history.size() - 1)));
        String metricsBefore = accountMetrics();
        String overviewBefore = overview();
        assertThat(stored("user_days", "p-1")).isNotEmpty();
        assertThat(stored("user_months", "p-1")).isNotEmpty();

        PrivacyRequest request = new PrivacyRequest(PrivacyRequest.SCHEMA_VERSION, "req-1", TENANT,
                PrivacyRequest.Type.DELETE, List.of("p-1"), Instant.now());
        TestTopics.send(Topics.PRIVACY, request.partitionKey(), TestEvents.json(request), Map.of());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> asTenant(TENANT).when().get("/v1/users/p-1")
                .then().statusCode(404));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(stored("sessions", "p-1")).isEmpty());
        assertThat(stored("user_days", "p-1")).isEmpty();
        assertThat(stored("user_months", "p-1")).isEmpty();
        assertThat(mongo.getDatabase("uptake").getCollection("account_days")
                .find(Filters.and(Filters.eq("tenantId", TENANT), Filters.eq("users", "p-1"))).collect().asList()
                .await().atMost(Duration.ofSeconds(5))).isEmpty();
        asTenant(TENANT).when().get("/v1/accounts/p-co/users").then().statusCode(200)
                .body("items.userId", equalTo(List.of("p-2")));
        assertThat(accountMetrics()).isEqualTo(metricsBefore);
        assertThat(overview()).isEqualTo(overviewBefore);

        // The overview finds the erased user's months through the pseudonym's activity, which the backfill rebuilds
        // from the months for erasures made before it was kept.
        List<Document> activity = Api.stored(mongo, "erased_activity", TENANT);
        assertThat(activity).hasSize(1);
        assertThat(activity.get(0).getString("userId")).startsWith("erased-").doesNotContain("p-1");
        Api.deleteStored(mongo, "erased_activity", TENANT);
        assertThat(overview()).isNotEqualTo(overviewBefore);
        Api.forgetMigration(mongo, MonthBackfill.ERASED_ACTIVITY);
        assertThat(monthBackfill.erased().await().atMost(Duration.ofSeconds(20))).isPositive();
        assertThat(Api.stored(mongo, "erased_activity", TENANT)).isEqualTo(activity);
        assertThat(overview()).isEqualTo(overviewBefore);

        // Reading the topic again, or the same request again, brings nothing back and changes no total.
        rollups.apply(Api.replay(TENANT, history.size())).await().atMost(Duration.ofSeconds(10));
        TestTopics.send(Topics.PRIVACY, request.partitionKey(), TestEvents.json(request), Map.of());
        TestTopics.send(Topics.PRIVACY, "t-priv/req-2", TestEvents.json(new PrivacyRequest(PrivacyRequest.SCHEMA_VERSION,
                "req-2", TENANT, PrivacyRequest.Type.SUPPRESS, List.of("p-2"), Instant.now())), Map.of());
        asTenant(TENANT).when().get("/v1/users/p-1").then().statusCode(404);
        asTenant(TENANT).when().get("/v1/users/p-2").then().statusCode(200);
        assertThat(stored("user_days", "p-1")).isEmpty();
        assertThat(stored("user_months", "p-1")).isEmpty();
        assertThat(accountMetrics()).isEqualTo(metricsBefore);
        asTenant(TENANT).when().get("/v1/accounts/p-co").then().body("eventCount", equalTo(history.size() - 1));
    }

    @Test
    void shouldDeadLetterUnreadablePrivacyRequests() {
        TestTopics.send(Topics.PRIVACY, "t-priv/bad", "{\"schemaVersion\":7}", Map.of());
        List<ConsumerRecord<String, String>> dead = TestTopics.read(Topics.deadLetter(Topics.PRIVACY, "scoring"),
                r -> "t-priv/bad".equals(r.key()), 1, Duration.ofSeconds(20));
        assertThat(dead).extracting(ConsumerRecord::value).containsExactly("{\"schemaVersion\":7}");
    }

    private String accountMetrics() {
        return asTenant(TENANT).queryParam("asOf", AS_OF.toString()).when().get("/v1/accounts/p-co")
                .then().statusCode(200).extract().jsonPath().getMap("metrics").toString();
    }

    private String overview() {
        return asTenant(TENANT).queryParam("asOf", AS_OF.toString()).when().get("/v1/metrics/overview")
                .then().statusCode(200).extract().asString();
    }

    private List<Document> stored(String collection, String userId) {
        return mongo.getDatabase("uptake").getCollection(collection)
                .find(Filters.and(Filters.eq("tenantId", TENANT), Filters.eq("userId", userId))).collect().asList()
                .await().atMost(Duration.ofSeconds(5));
    }
}
