package dev.uptake.ingestion;

import static dev.uptake.ingestion.Gateway.asTenant;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.uptake.ingestion.service.ArchiveRetention;
import dev.uptake.testsupport.KafkaTestResource;
import dev.uptake.testsupport.MongoTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(MongoTestResource.class)
class EventsResourceTest {

    @Inject
    ArchiveRetention retention;

    @Inject
    dev.uptake.ingestion.config.IngestionConfig config;

    @Test
    void shouldListArchivedEventsNewestFirstWithFiltersAndCursor() {
        String tenant = "debug-" + UUID.randomUUID();
        List<Events> calls = List.of(Events.track("u-1", "First").account("acme"),
                Events.track("u-1", "Second").account("acme"), Events.track("u-2", "Third").account("acme"));
        for (Events call : calls) {
            asTenant(tenant).body(call.json()).when().post("/v1/track").then().statusCode(200);
        }

        String cursor = asTenant(tenant).queryParam("userId", "u-1").queryParam("limit", 1)
                .when().get("/v1/events")
                .then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].event", equalTo("Second"))
                .body("items[0].accountId", equalTo("acme"))
                .body("items[0].messageId", equalTo(calls.get(1).messageId()))
                .extract().path("nextCursor");
        asTenant(tenant).queryParam("userId", "u-1").queryParam("limit", 1).queryParam("cursor", cursor)
                .when().get("/v1/events")
                .then().statusCode(200)
                .body("items[0].event", equalTo("First"))
                .body("nextCursor", nullValue());
        asTenant(tenant).queryParam("event", "Third").when().get("/v1/events")
                .then().body("items.userId", equalTo(List.of("u-2")));
        asTenant(tenant).queryParam("type", "identify").when().get("/v1/events").then().body("items", hasSize(0));
        asTenant("someone-else").queryParam("accountId", "acme").when().get("/v1/events")
                .then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void shouldCapALargeLimitAtTheMaximumPageAndOfferACursor() {
        String tenant = "cap-" + UUID.randomUUID();
        int max = config.archive().maxPageSize();
        StringBuilder batch = new StringBuilder("{\"batch\":[");
        for (int i = 0; i <= max; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\",\"messageId\":\"m-")
                    .append(i).append("\"}");
        }
        asTenant(tenant).body(batch.append("]}").toString()).when().post("/v1/batch").then().statusCode(200);

        asTenant(tenant).queryParam("limit", max * 2).when().get("/v1/events")
                .then().statusCode(200).body("items", hasSize(max)).body("nextCursor", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void shouldRefuseInvalidDebuggerParameters() {
        asTenant("t").queryParam("limit", 0).when().get("/v1/events")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://uptake.dev/problems/invalid-parameter"));
        asTenant("t").queryParam("from", "-999999999-01-01T00:00:00Z").when().get("/v1/events")
                .then().statusCode(400).body("type", equalTo("https://uptake.dev/problems/invalid-parameter"));
        asTenant("t").queryParam("from", "yesterday").when().get("/v1/events")
                .then().statusCode(400).body("detail", equalTo("from must be an ISO-8601 instant such as 2026-11-23T10:00:00Z."));
        asTenant("t").queryParam("type", "teleport").when().get("/v1/events").then().statusCode(400);
        asTenant("t").queryParam("cursor", "bm90LWEtY3Vyc29y").when().get("/v1/events")
                .then().statusCode(400).body("type", equalTo("https://uptake.dev/problems/invalid-cursor"));
        // A mistyped filter would otherwise list every event as if it had been applied.
        asTenant("t").queryParam("user", "u-1").when().get("/v1/events")
                .then().statusCode(400).body("type", equalTo("https://uptake.dev/problems/invalid-parameter"))
                .body("errors[0].path", equalTo("user"));
    }

    @Test
    void shouldPurgeEventsPastRetentionButKeepTheDedupeWindow() {
        String tenant = "retention-" + UUID.randomUUID();
        Events ancient = Events.track("u-1", "Ancient").at(Instant.now().minus(500, ChronoUnit.DAYS));
        Events recent = Events.track("u-1", "Recent");
        asTenant(tenant).body(Events.batch(List.of(ancient.with("type", "track"), recent.with("type", "track")),
                Map.of())).when().post("/v1/batch").then().statusCode(200).body("accepted", equalTo(2));

        retention.purge(Instant.now()).await().indefinitely();
        asTenant(tenant).when().get("/v1/events").then().body("items", hasSize(2));

        retention.purge(Instant.now().plus(8, ChronoUnit.DAYS)).await().indefinitely();
        asTenant(tenant).when().get("/v1/events").then().body("items.event", equalTo(List.of("Recent")));

        // Dedupe lasts as long as the archive: the purged event's claim went with it, the kept one's stayed.
        asTenant(tenant).body(Events.batch(List.of(ancient.with("type", "track"), recent.with("type", "track")),
                Map.of())).when().post("/v1/batch").then().statusCode(200).body("accepted", equalTo(1))
                .body("duplicates", equalTo(1));
    }
}
