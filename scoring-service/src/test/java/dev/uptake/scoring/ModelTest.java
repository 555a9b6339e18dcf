package dev.uptake.scoring;

import static dev.uptake.scoring.Api.asTenant;
import static dev.uptake.scoring.TestEvents.traits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import dev.uptake.contracts.TrackedEvent;
import dev.uptake.scoring.service.RollupService;
import dev.uptake.testsupport.KafkaTestResource;
import dev.uptake.testsupport.MongoTestResource;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(MongoTestResource.class)
class ModelTest {

    private static final String TENANT = "t-model";
    private static final Instant T0 = LocalDate.now(ZoneOffset.UTC).minusDays(2).atTime(9, 0).toInstant(ZoneOffset.UTC);

    @Inject
    RollupService rollups;

    @Inject
    ReactiveMongoClient mongo;

    @Test
    void shouldModelAccountsUsersMembershipsAndSessionsExactlyUnderRedelivery() {
        List<TrackedEvent> history = new ArrayList<>();
        history.add(TestEvents.group(TENANT, "acme", "u-1", traits("name", "Acme", "plan", "pro", "tier", "enterprise",
                "industry", "fintech", "seats", 10, "mrr", 1000, "renewalDate", "2027-03-01", "csm", "dana",
                "createdAt", "2025-06-01T00:00:00Z"), T0));
        history.add(TestEvents.identify(TENANT, "u-1", traits("email", "ada@acme.example", "firstName", "Ada",
                "lastName", "Lovelace", "role", "Administrator", "createdAt", "2026-01-15T00:00:00Z"), T0));
        // u-1: a session of 10 minutes, then a new one after 49 minutes of silence.
        history.add(TestEvents.track(TENANT, "acme", "u-1", "Report Built", T0.plusSeconds(60)));
        history.add(TestEvents.track(TENANT, "acme", "u-1", "Report Built", T0.plusSeconds(660)));
        history.add(TestEvents.track(TENANT, "acme", "u-1", "Dashboard Viewed", T0.plusSeconds(3600)));
        // u-2: one session by its id although it spans more than the timeout.
        history.add(TestEvents.track(TENANT, "acme", "u-2", "Report Built", Map.of(), "s-1", T0.plusSeconds(300)));
        history.add(TestEvents.track(TENANT, "acme", "u-2", "Report Built", Map.of(), "s-1", T0.plusSeconds(3000)));
        history.add(TestEvents.group(TENANT, "acme", "u-1", traits("seats", 20), T0.plusSeconds(7200)));
        history.add(TestEvents.identify(TENANT, "u-2", traits("email", "bob@acme.example", "role", "VP Sales"),
                T0.plusSeconds(7300)));
        TestEvents.sendAll(history);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> asTenant(TENANT).when().get("/v1/accounts/acme")
                .then().statusCode(200).body("eventCount", equalTo(7)).body("seats", equalTo(20)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> asTenant(TENANT).when().get("/v1/users/u-2")
                .then().statusCode(200).body("role", equalTo("executive")));

        asTenant(TENANT).when().get("/v1/accounts/acme").then().statusCode(200)
                .body("name", equalTo("Acme")).body("plan", equalTo("pro")).body("tier", equalTo("enterprise"))
                .body("industry", equalTo("fintech")).body("csm", equalTo("dana"))
                .body("mrr", equalTo(1000.0f)).body("arr", equalTo(12000.0f))
                .body("renewalDate", equalTo("2027-03-01T00:00:00Z")).body("createdAt", equalTo("2025-06-01T00:00:00Z"))
                .body("seatHistory.seats", equalTo(List.of(10, 20)))
                .body("seatHistory.at", equalTo(List.of(T0.toString(), T0.plusSeconds(7200).toString())));
        asTenant(TENANT).when().get("/v1/users/u-1").then().statusCode(200)
                .body("email", equalTo("ada@acme.example")).body("name", equalTo("Ada Lovelace"))
                .body("role", equalTo("admin")).body("createdAt", equalTo("2026-01-15T00:00:00Z"))
                .body("accountId", equalTo("acme"))
                .body("memberships.accountId", equalTo(List.of("acme")))
                .body("memberships.since", equalTo(List.of(T0.toString())))
                .body("lastSession.start", equalTo(T0.plusSeconds(3600).toString()))
                .body("lastSession.durationSeconds", equalTo(0))
                .body("recentSessions.start", equalTo(List.of(T0.plusSeconds(3600).toString(), T0.plusSeconds(60).toString())))
                .body("recentSessions.durationSeconds", equalTo(List.of(0, 600)));
        asTenant(TENANT).when().get("/v1/accounts/acme/users").then().statusCode(200)
                .body("items.userId", equalTo(List.of("u-1", "u-2")));

        Document userDay = find("user_days", "u-1|" + T0.toString().substring(0, 10));
        assertThat(((Number) userDay.get("events")).intValue()).isEqualTo(3);
        assertThat(((Number) userDay.get("sessions")).intValue()).isEqualTo(2);
        assertThat(((Number) userDay.get("activeSeconds")).longValue()).isEqualTo(600);
        assertThat(userDay.getBoolean("active")).isTrue();
        Document accountDay = find("account_days", "acme|" + T0.toString().substring(0, 10));
        assertThat(((Number) accountDay.get("events")).intValue()).isEqualTo(5);
        assertThat(((Number) accountDay.get("sessions")).intValue()).isEqualTo(3);
        assertThat(accountDay.getList("users", String.class)).containsExactlyInAnyOrder("u-1", "u-2");
        Document bobSession = find("sessions", "u-2|" + T0.plusSeconds(300));
        assertThat(bobSession.getDate("end").toInstant()).isEqualTo(T0.plusSeconds(3000));

        // Re-read every partition from the beginning and apply it again, whole and as overlapping batches.
        Map<String, List<Document>> before = Api.snapshot(mongo, TENANT);
        List<IncomingEvent> replay = Api.replay(TENANT, history.size());
        assertThat(replay).hasSize(history.size());
        rollups.apply(replay).await().atMost(Duration.ofSeconds(10));
        rollups.apply(replay.subList(2, 6)).await().atMost(Duration.ofSeconds(10));
        rollups.apply(replay.subList(0, 4)).await().atMost(Duration.ofSeconds(10));
        assertThat(Api.snapshot(mongo, TENANT)).isEqualTo(before);
    }

    @Test
    void shouldFollowAUserWhoMovesToAnotherAccount() {
        TestEvents.sendAll(List.of(TestEvents.group("t-move", "old-co", "u-9", traits("name", "Old"), T0),
                TestEvents.group("t-move", "new-co", "u-9", traits("name", "New"), T0.plusSeconds(86_400))));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> asTenant("t-move").when().get("/v1/users/u-9")
                .then().statusCode(200)
                .body("memberships.accountId", equalTo(List.of("old-co", "new-co")))
                .body("memberships.since", equalTo(List.of(T0.toString(), T0.plusSeconds(86_400).toString()))));
    }

    @Test
    void shouldAnswerNotFoundForUnknownUsersAndAccounts() {
        asTenant("t-model-none").when().get("/v1/users/nobody").then().statusCode(404)
                .contentType("application/problem+json").body("detail", equalTo("No user nobody has been seen."));
        asTenant("t-model-none").when().get("/v1/accounts/nothing/users").then().statusCode(404)
                .contentType("application/problem+json");
        asTenant("t-model-none").queryParam("limit", 0).when().get("/v1/accounts/nothing/users").then().statusCode(400)
                .body("type", equalTo("https://uptake.dev/problems/invalid-parameter"));
    }

    private Document find(String collection, String subject) {
        return mongo.getDatabase("uptake").getCollection(collection)
                .find(new Document("_id", dev.uptake.scoring.repository.Ids.of(TENANT, subject))).collect().first()
                .await().atMost(Duration.ofSeconds(5));
    }
}
