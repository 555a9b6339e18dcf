package dev.uptake.scoring;

import static dev.uptake.scoring.Api.asTenant;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import dev.uptake.contracts.TrackedEvent;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;

/**
 * What the analysis tests share: a feature with depth levels and a login feature, their history sent once through the
 * broker before their tests, and their subjects removed after them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AnalysisFixtures {

    @Inject
    ReactiveMongoClient mongo;

    abstract String tenant();

    /** Every event of the test's history, in the order they are sent. */
    abstract List<TrackedEvent> history();

    private boolean sent;

    /** Before the first test, not in a {@code @BeforeAll}: Quarkus points RestAssured at the app before each test. */
    @BeforeEach
    void sendHistoryOnce() {
        if (sent) {
            return;
        }
        putCatalog(tenant());
        sendAndAwait(tenant(), history());
        sent = true;
    }

    @AfterAll
    void forget() {
        forgetSubjects(mongo, tenant());
    }

    /** Forecasting (viewed 30, used 70, mastered 100) and a login-only feature. */
    private static void putCatalog(String tenantId) {
        asTenant(tenantId).contentType("application/json")
                .body("{\"name\":\"Forecasting\",\"events\":[{\"event\":\"Forecast Viewed\"},{\"event\":\"Forecast Run\"},"
                        + "{\"event\":\"Forecast Shared\"}],\"category\":\"advanced\",\"impact\":\"high\",\"depthLevels\":["
                        + "{\"name\":\"viewed\",\"events\":[\"Forecast Viewed\"],\"weight\":30},"
                        + "{\"name\":\"used\",\"events\":[\"Forecast Run\"],\"weight\":70},"
                        + "{\"name\":\"mastered\",\"events\":[\"Forecast Shared\"],\"weight\":100}]}")
                .when().put("/v1/features/forecasting").then().statusCode(201);
        asTenant(tenantId).contentType("application/json")
                .body("{\"name\":\"Login\",\"events\":[{\"event\":\"Logged In\"}],\"category\":\"core\",\"activityOnly\":true}")
                .when().put("/v1/features/login").then().statusCode(201);
    }

    /** Sends the events through the broker and waits until each account has counted all of its own. */
    private static void sendAndAwait(String tenantId, List<TrackedEvent> events) {
        TestEvents.sendAll(events);
        events.stream().map(TrackedEvent::accountId).filter(java.util.Objects::nonNull).distinct().forEach(account -> {
            long expected = events.stream().filter(event -> account.equals(event.accountId())).count();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> asTenant(tenantId).when()
                    .get("/v1/accounts/" + account).then().statusCode(200).body("eventCount", equalTo((int) expected)));
        });
    }

    /**
     * Removes the tenant's users and accounts once its tests are done: the scheduled re-evaluation that SegmentTest
     * runs covers every tenant, and these histories, months before its clock, would change segment there.
     */
    private static void forgetSubjects(ReactiveMongoClient mongo, String tenantId) {
        for (String collection : List.of("users", "accounts")) {
            mongo.getDatabase("uptake").getCollection(collection)
                    .deleteMany(com.mongodb.client.model.Filters.eq("tenantId", tenantId))
                    .await().atMost(Duration.ofSeconds(10));
        }
    }

    /** 09:00 UTC on day {@code day} counted from {@code first}. */
    static Instant at(LocalDate first, int day) {
        return first.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofDays(day)).plus(Duration.ofHours(9));
    }
}
