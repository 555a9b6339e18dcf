package dev.uptake.ingestion;

import static dev.uptake.ingestion.Gateway.asTenant;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;

import dev.uptake.contracts.EventType;
import dev.uptake.contracts.Topics;
import dev.uptake.ingestion.repository.EventArchive;
import dev.uptake.ingestion.service.TrackingCalls;
import dev.uptake.testsupport.KafkaTestResource;
import dev.uptake.testsupport.MongoTestResource;
import dev.uptake.testsupport.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(MongoTestResource.class)
class TrackingResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EventArchive archive;

    @Inject
    TrackingCalls calls;

    @Test
    void shouldPublishATrackCallWithKeyCloudEventHeadersAndPayload() throws Exception {
        Events call = Events.track("u-1", "Report Built").account("acme").with("properties", Map.of("rows", 12));

        asTenant("tenant-a").body(call.json())
                .when().post("/v1/track")
                .then().statusCode(200).body("success", equalTo(true));

        ConsumerRecord<String, String> record = published(call.messageId());
        JsonNode payload = JSON.readTree(record.value());
        assertThat(record.key()).isEqualTo("tenant-a/acme");
        assertThat(TestTopics.header(record, "ce_id")).isEqualTo(call.messageId());
        assertThat(TestTopics.header(record, "ce_type")).isEqualTo("dev.uptake.event.tracked.v1");
        assertThat(TestTopics.header(record, "ce_source")).isEqualTo("/uptake/ingestion-service");
        assertThat(TestTopics.header(record, "ce_time")).isEqualTo(payload.get("receivedAt").asText());
        assertThat(payload.get("tenantId").asText()).isEqualTo("tenant-a");
        assertThat(payload.get("type").asText()).isEqualTo("track");
        assertThat(payload.get("event").asText()).isEqualTo("Report Built");
        assertThat(payload.get("accountId").asText()).isEqualTo("acme");
        assertThat(payload.at("/properties/rows").asInt()).isEqualTo(12);
        assertThat(payload.get("historical").asBoolean()).isFalse();
    }

    @Test
    void shouldAcceptTrackingCallsWhateverQueryParametersTheyCarry() throws Exception {
        Events call = Events.track("u-1", "Report Built");

        asTenant("tenant-a").queryParam("writeKey", "from-an-sdk").queryParam("cb", 1).body(call.json())
                .when().post("/v1/track")
                .then().statusCode(200).body("success", equalTo(true));
        published(call.messageId());
    }

    @Test
    void shouldPublishEachCallTypeSentToItsOwnPathWithItsFields() throws Exception {
        Events identify = Events.track("u-1i", null).with("traits", Map.of("email", "ada@example.com"));
        Events group = Events.track("u-1i", null).with("groupId", "globex").with("traits", Map.of("plan", "pro"));
        Events page = Events.track("u-1i", null).with("name", "Dashboard").with("properties", Map.of("path", "/d"));
        Events screen = Events.track("u-1i", null).with("name", "Home");
        Events alias = Events.track("u-1i", null).with("previousId", "anon-1i");
        // The path decides the type, whatever the body says.
        Events track = Events.track("u-1i", "Report Built").with("type", "identify");
        Map<String, Events> byPath = new java.util.LinkedHashMap<>();
        byPath.put("identify", identify);
        byPath.put("group", group);
        byPath.put("page", page);
        byPath.put("screen", screen);
        byPath.put("alias", alias);
        byPath.put("track", track);

        byPath.forEach((path, call) -> asTenant("tenant-a").body(call.json()).when().post("/v1/" + path)
                .then().statusCode(200).body("success", equalTo(true)));

        for (Map.Entry<String, Events> sent : byPath.entrySet()) {
            JsonNode payload = JSON.readTree(published(sent.getValue().messageId()).value());
            assertThat(payload.get("type").asText()).as(sent.getKey()).isEqualTo(sent.getKey());
            assertThat(payload.get("userId").asText()).isEqualTo("u-1i");
        }
        assertThat(JSON.readTree(published(identify.messageId()).value()).at("/traits/email").asText())
                .isEqualTo("ada@example.com");
        JsonNode grouped = JSON.readTree(published(group.messageId()).value());
        assertThat(grouped.get("groupId").asText()).isEqualTo("globex");
        assertThat(grouped.get("accountId").asText()).isEqualTo("globex");
        assertThat(grouped.at("/traits/plan").asText()).isEqualTo("pro");
        JsonNode paged = JSON.readTree(published(page.messageId()).value());
        assertThat(paged.get("name").asText()).isEqualTo("Dashboard");
        assertThat(paged.at("/properties/path").asText()).isEqualTo("/d");
        // Grouped by the call before, the user's later calls belong to that account.
        assertThat(paged.get("accountId").asText()).isEqualTo("globex");
        assertThat(JSON.readTree(published(screen.messageId()).value()).get("name").asText()).isEqualTo("Home");
        assertThat(JSON.readTree(published(alias.messageId()).value()).get("previousId").asText()).isEqualTo("anon-1i");
        assertThat(JSON.readTree(published(track.messageId()).value()).get("event").asText()).isEqualTo("Report Built");
    }

    @Test
    void shouldTakeABatchAtItsPathWithATrailingSlashAsAnalyticsJavaSendsIt() throws Exception {
        // analytics-java posts to /v1/import/, which the gateway forwards as /v1/batch/.
        Events call = Events.track("u-1m", "Exported").with("type", "track");

        asTenant("tenant-a").body(Events.batch(List.of(call), Map.of())).when().post("/v1/batch/")
                .then().statusCode(200).body("accepted", equalTo(1));

        assertThat(JSON.readTree(published(call.messageId()).value()).get("event").asText()).isEqualTo("Exported");
    }

    @Test
    void shouldCorrectClientClockSkewFromSentAt() throws Exception {
        // The client's clock runs an hour fast: it saw the event 10 minutes before sending.
        Instant clientNow = Instant.now().plus(1, ChronoUnit.HOURS);
        Events call = Events.track("u-2", "Clicked").at(clientNow.minus(10, ChronoUnit.MINUTES))
                .with("sentAt", clientNow.toString());

        asTenant("tenant-a").body(call.json()).when().post("/v1/track").then().statusCode(200);

        JsonNode payload = JSON.readTree(published(call.messageId()).value());
        Instant receivedAt = Instant.parse(payload.get("receivedAt").asText());
        assertThat(Instant.parse(payload.get("timestamp").asText()))
                .isEqualTo(receivedAt.minus(10, ChronoUnit.MINUTES));
        assertThat(Instant.parse(payload.get("originalTimestamp").asText()))
                .isEqualTo(clientNow.minus(10, ChronoUnit.MINUTES));
    }

    @Test
    void shouldMarkEventsOlderThanTheLiveWindowOrFlaggedAsHistorical() throws Exception {
        Events old = Events.track("u-3", "Imported").at(Instant.now().minus(3, ChronoUnit.DAYS));
        Events flagged = Events.track("u-3", "Replayed").with("context", Map.of("historical", true));
        Events live = Events.track("u-3", "Live").at(Instant.now().minus(1, ChronoUnit.HOURS));

        asTenant("tenant-a").body(Events.batch(List.of(old.with("type", "track"), flagged.with("type", "track"),
                live.with("type", "track")), Map.of()))
                .when().post("/v1/batch").then().statusCode(200).body("accepted", equalTo(3));

        assertThat(JSON.readTree(published(old.messageId()).value()).get("historical").asBoolean()).isTrue();
        assertThat(JSON.readTree(published(flagged.messageId()).value()).get("historical").asBoolean()).isTrue();
        assertThat(JSON.readTree(published(live.messageId()).value()).get("historical").asBoolean()).isFalse();
    }

    @Test
    void shouldAcceptValidBatchItemsAndListEachRejectedOneWithItsReason() {
        Events valid = Events.call("track").with("userId", "u-4").with("event", "Saved");
        Events noIdentity = Events.call("track").with("event", "Saved");
        Events unknownType = Events.call("teleport").with("userId", "u-4");
        Events future = Events.call("page").with("userId", "u-4").at(Instant.now().plus(3, ChronoUnit.HOURS));

        asTenant("tenant-a").body(Events.batch(List.of(valid, noIdentity, unknownType, future), Map.of()))
                .when().post("/v1/batch")
                .then().statusCode(200)
                .body("success", equalTo(true))
                .body("accepted", equalTo(1))
                .body("rejected", hasSize(3))
                .body("rejected[0].index", equalTo(1))
                .body("rejected[0].messageId", equalTo(noIdentity.messageId()))
                .body("rejected[0].reason", containsString("userId or anonymousId"))
                .body("rejected[1].index", equalTo(2))
                .body("rejected[1].reason", containsString("type must be one of"))
                .body("rejected[2].index", equalTo(3))
                .body("rejected[2].reason", containsString("in the future"));

        assertThat(TestTopics.read(Topics.EVENTS, r -> r.value().contains(noIdentity.messageId())
                || r.value().contains(future.messageId()), 1, Duration.ofSeconds(2))).isEmpty();
        published(valid.messageId());
    }

    @Test
    void shouldApplyBatchContextAndAttributeLaterCallsToTheUsersAccount() throws Exception {
        Events group = Events.call("group").with("userId", "u-5").with("groupId", "globex")
                .with("traits", Map.of("name", "Globex"));
        Events track = Events.call("track").with("userId", "u-5").with("event", "Exported");
        asTenant("tenant-a").body(Events.batch(List.of(group, track), Map.of("context", Map.of("library",
                Map.of("name", "analytics-node"))))).when().post("/v1/batch").then().statusCode(200);

        Events later = Events.track("u-5", "Shared");
        asTenant("tenant-a").body(later.json()).when().post("/v1/track").then().statusCode(200);

        JsonNode first = JSON.readTree(published(track.messageId()).value());
        assertThat(first.get("accountId").asText()).isEqualTo("globex");
        assertThat(first.at("/context/library/name").asText()).isEqualTo("analytics-node");
        assertThat(published(later.messageId()).key()).isEqualTo("tenant-a/globex");
    }

    @Test
    void shouldPublishOnceWhenTheSameMessageIdIsSentAgain() {
        Events call = Events.track("u-6", "Retried");

        asTenant("tenant-a").body(call.json()).when().post("/v1/track").then().statusCode(200);
        asTenant("tenant-a").body(call.json()).when().post("/v1/track").then().statusCode(200);
        asTenant("tenant-a").body(Events.batch(List.of(call.with("type", "track")), Map.of()))
                .when().post("/v1/batch").then().statusCode(200).body("accepted", equalTo(0))
                .body("duplicates", equalTo(1));

        assertThat(TestTopics.read(Topics.EVENTS, r -> r.value().contains(call.messageId()), 2, Duration.ofSeconds(3)))
                .hasSize(1);
    }

    @Test
    void shouldAnswer503ForAClaimInFlightAndTakeOverOneLeftByACrashedAttempt() {
        Events inFlight = Events.track("u-6c", "Claimed Elsewhere");
        Events crashed = Events.track("u-6d", "Claimed Then Crashed");
        claimWithoutPublishing("tenant-a", inFlight, Instant.now());
        claimWithoutPublishing("tenant-a", crashed, Instant.now().minus(5, ChronoUnit.MINUTES));

        asTenant("tenant-a").body(inFlight.json()).when().post("/v1/track")
                .then().statusCode(503).header("Retry-After", equalTo("5"))
                .body("type", equalTo("https://uptake.dev/problems/unavailable"));
        asTenant("tenant-a").body(crashed.json()).when().post("/v1/track").then().statusCode(200);
        asTenant("tenant-a").body(crashed.json()).when().post("/v1/track").then().statusCode(200);

        assertThat(TestTopics.read(Topics.EVENTS, r -> r.value().contains(crashed.messageId()), 2,
                Duration.ofSeconds(3))).hasSize(1);
        assertThat(TestTopics.read(Topics.EVENTS, r -> r.value().contains(inFlight.messageId()), 1,
                Duration.ofSeconds(1))).isEmpty();
        asTenant("tenant-a").queryParam("userId", "u-6d").when().get("/v1/events")
                .then().body("items.messageId", equalTo(List.of(crashed.messageId())));
    }

    @Test
    void shouldArchiveRatherThanPublishAgainAnEventAFailedAttemptHadHandedToKafka() {
        Events call = batchTrack("u-6k", "Sent Then Failed");
        // An attempt whose archive write failed after Kafka's acknowledgement (or whose process died before it): its
        // claim is failed, its event on the topic, sent just after the claim.
        leftBehindOnTopic(call, "u-6k", new org.bson.Document("state", EventArchive.FAILED)
                .append("claimedAt", java.util.Date.from(Instant.now())));

        asTenant("tenant-a").body(Events.batch(List.of(call), Map.of())).when().post("/v1/batch")
                .then().statusCode(200).body("accepted", equalTo(0)).body("duplicates", equalTo(1));

        assertThat(copiesOnTopic(call)).isEqualTo(1);
        asTenant("tenant-a").queryParam("userId", "u-6k").when().get("/v1/events")
                .then().body("items.messageId", equalTo(List.of(call.messageId())));
        // And the next retry finds it archived.
        asTenant("tenant-a").body(Events.batch(List.of(call), Map.of())).when().post("/v1/batch")
                .then().statusCode(200).body("accepted", equalTo(0)).body("duplicates", equalTo(1));
    }

    @Test
    void shouldFindAnEventTheFirstOfTwoLeftBehindAttemptsHadHandedToKafka() {
        Events call = batchTrack("u-6m", "Sent Then Taken Over");
        // The first attempt sent the event and died; a retry took its claim over a minute later and failed in turn.
        Instant first = Instant.now();
        leftBehindOnTopic(call, "u-6m", new org.bson.Document("state", EventArchive.FAILED)
                .append("claimedAt", java.util.Date.from(first.plusSeconds(60)))
                .append("earlier", List.of(java.util.Date.from(first))));

        asTenant("tenant-a").body(Events.batch(List.of(call), Map.of())).when().post("/v1/batch")
                .then().statusCode(200).body("accepted", equalTo(0)).body("duplicates", equalTo(1));
        assertThat(copiesOnTopic(call)).isEqualTo(1);
    }

    /** A claim of tenant-a's left behind as given, and its event on the topic, sent by the attempt that made it. */
    private void leftBehindOnTopic(Events call, String userId, org.bson.Document claim) {
        archive.claims().insertOne(claim.append("_id", EventArchive.id("tenant-a", call.messageId())))
                .await().indefinitely();
        TestTopics.send(Topics.EVENTS, "tenant-a/" + userId, "{\"messageId\":\"" + call.messageId() + "\"}",
                Map.of("ce_id", call.messageId()));
    }

    private static int copiesOnTopic(Events call) {
        return TestTopics.read(Topics.EVENTS, r -> call.messageId().equals(TestTopics.header(r, "ce_id")), 2,
                Duration.ofSeconds(3)).size();
    }

    @Test
    void shouldCarryACallThroughToTheArchiveWhenItsCallerHangsUp() {
        Events call = Events.track("u-6h", "Hung Up");

        // As Quarkus does when the connection closes: cancelled while the claim is still being inserted.
        calls.single("tenant-a", EventType.TRACK, call.json().getBytes(StandardCharsets.UTF_8), "application/json", null)
                .subscribe().with(ignored -> { }, ignored -> { }).cancel();

        published(call.messageId());
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> asTenant("tenant-a").queryParam("userId", "u-6h")
                .when().get("/v1/events").then().body("items.messageId", equalTo(List.of(call.messageId()))));
        // The client's retry is a duplicate: its claim is settled, not left pending to be taken over and sent again.
        asTenant("tenant-a").body(call.json()).when().post("/v1/track").then().statusCode(200);
        assertThat(TestTopics.read(Topics.EVENTS, r -> r.value().contains(call.messageId()), 2, Duration.ofSeconds(3)))
                .hasSize(1);
    }

    /** Posts {@code refused} and then {@code valid} as one batch: the last is accepted, the rest listed in order. */
    private static io.restassured.response.ValidatableResponse postRefusedThenValid(List<Events> refused, Events valid) {
        List<Events> items = new java.util.ArrayList<>(refused);
        items.add(valid);
        return asTenant("tenant-a").body(Events.batch(items, Map.of())).when().post("/v1/batch")
                .then().statusCode(200).body("accepted", equalTo(1))
                .body("rejected.index", equalTo(java.util.stream.IntStream.range(0, refused.size()).boxed().toList()))
                .body("rejected.messageId", equalTo(refused.stream().map(Events::messageId).toList()));
    }

    private static void assertNeverPublished(List<Events> calls) {
        assertThat(TestTopics.read(Topics.EVENTS, r -> calls.stream().anyMatch(call -> call.messageId()
                .equals(TestTopics.header(r, "ce_id"))), 1, Duration.ofSeconds(2))).isEmpty();
    }

    /** What an attempt that died between its claim and Kafka's acknowledgement leaves behind. */
    private void claimWithoutPublishing(String tenant, Events call, Instant claimedAt) {
        archive.claims().insertOne(new org.bson.Document("_id", EventArchive.id(tenant, call.messageId()))
                .append("state", EventArchive.PENDING).append("claimedAt", java.util.Date.from(claimedAt)))
                .await().indefinitely();
    }

    @Test
    void shouldPublishOnceWhenOneBatchRepeatsAMessageId() {
        Events call = Events.track("u-6b", "Twice In One Batch").with("type", "track");

        asTenant("tenant-a").body(Events.batch(List.of(call, call, call), Map.of()))
                .when().post("/v1/batch").then().statusCode(200).body("accepted", equalTo(1))
                .body("duplicates", equalTo(2));

        assertThat(TestTopics.read(Topics.EVENTS, r -> r.value().contains(call.messageId()), 2, Duration.ofSeconds(3)))
                .hasSize(1);
    }

    @Test
    void shouldRecogniseEveryRepeatOfABatchLargerThanOneLookupAndPublishNothingAgain() {
        List<Events> items = new java.util.ArrayList<>();
        for (int i = 0; i < 250; i++) {
            items.add(batchTrack("u-6f-" + (i % 7), "Bulk"));
        }
        String body = Events.batch(items, Map.of());
        asTenant("tenant-a").body(body).when().post("/v1/batch")
                .then().statusCode(200).body("accepted", equalTo(250)).body("duplicates", equalTo(0));
        // A retry, with one event the first attempt did not carry: only that one is new.
        Events fresh = batchTrack("u-6f-new", "Bulk");
        List<Events> retried = new java.util.ArrayList<>(items);
        retried.add(120, fresh);

        asTenant("tenant-a").body(Events.batch(retried, Map.of())).when().post("/v1/batch")
                .then().statusCode(200).body("accepted", equalTo(1)).body("duplicates", equalTo(250));

        published(fresh.messageId());
        Set<String> ids = items.stream().map(Events::messageId).collect(java.util.stream.Collectors.toSet());
        assertThat(TestTopics.read(Topics.EVENTS, r -> ids.contains(TestTopics.header(r, "ce_id")), 251,
                Duration.ofSeconds(5))).hasSize(250);
    }

    @Test
    void shouldTakeOverEveryStaleClaimOfABatchLargerThanOneLookup() {
        List<Events> items = new java.util.ArrayList<>();
        for (int i = 0; i < 250; i++) {
            Events call = batchTrack("u-6g-" + (i % 7), "Crashed Bulk");
            claimWithoutPublishing("tenant-a", call, Instant.now().minus(5, ChronoUnit.MINUTES));
            items.add(call);
        }

        asTenant("tenant-a").body(Events.batch(items, Map.of())).when().post("/v1/batch")
                .then().statusCode(200).body("accepted", equalTo(250)).body("duplicates", equalTo(0));

        Set<String> ids = items.stream().map(Events::messageId).collect(java.util.stream.Collectors.toSet());
        assertThat(TestTopics.read(Topics.EVENTS, r -> ids.contains(TestTopics.header(r, "ce_id")), 250,
                Duration.ofSeconds(15))).hasSize(250);
    }

    @Test
    void shouldRejectTimestampsNoDateTypeCanHoldInsteadOfFailing() {
        Events ancient = Events.call("track").with("userId", "u-6c").with("event", "Old")
                .with("timestamp", "-999999999-01-01T00:00:00Z").with("sentAt", "+999999999-12-31T23:59:59Z");
        Events beforeDates = Events.call("track").with("userId", "u-6c").with("event", "Older")
                .with("timestamp", "-300000000-01-01T00:00:00Z");
        Events valid = Events.call("track").with("userId", "u-6c").with("event", "Fine");

        asTenant("tenant-a").body(Events.batch(List.of(ancient, beforeDates, valid), Map.of()))
                .when().post("/v1/batch").then().statusCode(200).body("accepted", equalTo(1))
                .body("rejected.index", equalTo(List.of(0, 1)))
                .body("rejected[0].reason", containsString("timestamps must lie between"));
        published(valid.messageId());
    }

    @Test
    void shouldRefuseNumericTimestampsAndANonBooleanHistoricalFlagNamingTheField() throws Exception {
        Instant now = Instant.now();
        Events epochMillis = batchTrack("u-6h", "Imported").with("timestamp", now.toEpochMilli());
        Events epochSeconds = batchTrack("u-6h", "Imported").with("timestamp", now.getEpochSecond());
        Events numericSentAt = batchTrack("u-6h", "Imported").with("sentAt", now.toEpochMilli());
        Events unreadable = batchTrack("u-6h", "Imported").with("timestamp", "yesterday");
        Events yes = batchTrack("u-6h", "Imported").with("context", Map.of("historical", "yes"));
        Events quotedTrue = batchTrack("u-6h", "Imported").with("context", Map.of("historical", "true"));
        Events notFlagged = batchTrack("u-6h", "Imported").with("context", Map.of("historical", false));
        List<Events> refused = List.of(epochMillis, epochSeconds, numericSentAt, unreadable, yes, quotedTrue);

        postRefusedThenValid(refused, notFlagged)
                .body("rejected[0].reason", containsString("timestamp must be an ISO-8601 date-time string"))
                .body("rejected[0].reason", containsString("numbers (epoch seconds or milliseconds) are refused"))
                .body("rejected[1].reason", containsString("numbers (epoch seconds or milliseconds) are refused"))
                .body("rejected[2].reason", containsString("sentAt must be an ISO-8601 date-time string"))
                .body("rejected[3].reason", equalTo(
                        "timestamp must be an ISO-8601 date-time string such as 2026-11-23T10:00:00.000Z"))
                .body("rejected[4].reason", equalTo("context.historical must be true or false (a JSON boolean)"))
                .body("rejected[5].reason", equalTo("context.historical must be true or false (a JSON boolean)"));

        assertThat(JSON.readTree(published(notFlagged.messageId()).value()).get("historical").asBoolean()).isFalse();
        assertNeverPublished(refused);

        // A single call is refused whole, naming the field.
        asTenant("tenant-a").body(Events.track("u-6h", "Imported").with("timestamp", now.toEpochMilli()).json())
                .when().post("/v1/track")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].path", equalTo("timestamp"));
    }

    @Test
    void shouldRefuseWhatNoStoreDownstreamHoldsInsteadOfPublishingIt() throws Exception {
        Events hugeInteger = batchTrack("u-6e", "Imported")
                .with("properties", Map.of("n", new BigInteger("123456789012345678901234567890")));
        Events hugeDouble = batchTrack("u-6e", "Imported").with("properties", Map.of("n", new RawValue("1e999")));
        Events nulKey = batchTrack("u-6e", "Imported").with("properties", Map.of("a\u0000b", 1));
        Events nulUser = batchTrack("u-6e\u0000x", "Imported");
        Events nulEvent = batchTrack("u-6e", "Imported\u0000");
        Events nulAccount = batchTrack("u-6e", "Imported").account("acme\u0000");
        Events valid = batchTrack("u-6e", "Imported")
                .with("properties", Map.of("max", Long.MAX_VALUE, "min", Long.MIN_VALUE, "text", "a\u0001b"));
        List<Events> refused = List.of(hugeInteger, hugeDouble, nulKey, nulUser, nulEvent, nulAccount);

        postRefusedThenValid(refused, valid)
                .body("rejected[0].reason", containsString("properties holds an integer beyond 64 bits"))
                .body("rejected[1].reason", containsString("properties holds a number beyond the range of a double"))
                .body("rejected[2].reason", equalTo("properties may not contain the NUL character (U+0000)"))
                .body("rejected[3].reason", equalTo("userId may not contain the NUL character (U+0000)"))
                .body("rejected[4].reason", equalTo("event may not contain the NUL character (U+0000)"))
                .body("rejected[5].reason", equalTo("context may not contain the NUL character (U+0000)"));

        JsonNode payload = JSON.readTree(published(valid.messageId()).value());
        assertThat(payload.at("/properties/max").longValue()).isEqualTo(Long.MAX_VALUE);
        assertThat(payload.at("/properties/min").longValue()).isEqualTo(Long.MIN_VALUE);
        assertThat(payload.at("/properties/text").textValue()).isEqualTo("a\u0001b");
        List<String> refusedIds = refused.stream().map(call -> EventArchive.id("tenant-a", call.messageId())).toList();
        assertThat(archive.archived(refusedIds).await().atMost(Duration.ofSeconds(5))).isEmpty();
        assertThat(archive.findClaims(refusedIds).await().atMost(Duration.ofSeconds(5))).isEmpty();
        assertNeverPublished(refused);

        // A single call is refused whole, naming the field, where before it was published and then answered 503.
        asTenant("tenant-a").body(Events.track("u-6e", "Imported")
                .with("properties", Map.of("n", new BigInteger("-9223372036854775809"))).json())
                .when().post("/v1/track")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://uptake.dev/problems/invalid-event"))
                .body("errors[0].path", equalTo("properties"));
    }

    @Test
    void shouldKeepTenantsApartWhenTheyUseTheSameMessageId() {
        Events call = Events.track("u-7", "Same Id");

        asTenant("tenant-a").body(call.json()).when().post("/v1/track").then().statusCode(200);
        asTenant("tenant-b").body(call.json()).when().post("/v1/track").then().statusCode(200);

        assertThat(TestTopics.read(Topics.EVENTS, r -> r.value().contains(call.messageId()), 2, Duration.ofSeconds(10)))
                .extracting(ConsumerRecord::key).containsExactlyInAnyOrder("tenant-a/u-7", "tenant-b/u-7");
    }

    @Test
    void shouldGenerateAMessageIdWhenTheCallHasNone() throws Exception {
        String marker = "NoId-" + System.nanoTime();
        asTenant("tenant-a").body(Events.track("u-8", marker).with("messageId", null).json())
                .when().post("/v1/track").then().statusCode(200);

        List<ConsumerRecord<String, String>> found = TestTopics.read(Topics.EVENTS, r -> r.value().contains(marker), 1,
                Duration.ofSeconds(10));
        assertThat(found).hasSize(1);
        assertThat(JSON.readTree(found.get(0).value()).get("messageId").asText()).isNotBlank();
    }

    @Test
    void shouldAcceptGzipBodies() throws Exception {
        Events call = Events.track("u-9", "Compressed");

        asTenant("tenant-a").header("Content-Encoding", "gzip").body(gzip(call.json().getBytes()))
                .when().post("/v1/track").then().statusCode(200).body("success", equalTo(true));

        published(call.messageId());
    }

    @Test
    void shouldRefuseADecompressionBombWith413() throws Exception {
        byte[] bomb = gzip(("{\"userId\":\"u\",\"event\":\"" + "a".repeat(5_000_000) + "\"}").getBytes());
        assertThat(bomb.length).isLessThan(100_000);

        asTenant("tenant-a").header("Content-Encoding", "gzip").body(bomb)
                .when().post("/v1/track")
                .then().statusCode(413).contentType("application/problem+json")
                .body("type", equalTo("https://uptake.dev/problems/payload-too-large"));
    }

    @Test
    void shouldRefuseABodyOver500KbWith413() {
        Map<String, Object> huge = Map.of("batch", List.of(Map.of("type", "track", "userId", "u", "event",
                "x".repeat(520_000))));
        asTenant("tenant-a").body(Events.write(huge)).when().post("/v1/batch")
                .then().statusCode(413).contentType("application/problem+json").body("status", equalTo(413));
    }

    @Test
    void shouldRefuseAnEventOver32KbNamingIt() {
        Events small = Events.call("track").with("userId", "u").with("event", "ok");
        Events big = Events.call("track").with("userId", "u").with("event", "big")
                .with("properties", Map.of("blob", "x".repeat(40_000)));

        asTenant("tenant-a").body(Events.batch(List.of(small, big), Map.of())).when().post("/v1/batch")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://uptake.dev/problems/event-too-large"))
                .body("detail", containsString("batch[1] (messageId " + big.messageId() + ")"))
                .body("errors[0].path", containsString("batch[1]"));
    }

    @Test
    void shouldRefuseNestingDeeperThan32() {
        Map<String, Object> nested = new HashMap<>();
        Map<String, Object> current = nested;
        for (int level = 0; level < 40; level++) {
            Map<String, Object> next = new HashMap<>();
            current.put("n", next);
            current = next;
        }
        asTenant("tenant-a").body(Events.track("u", "Deep").with("properties", nested).json())
                .when().post("/v1/track")
                .then().statusCode(400).body("type", equalTo("https://uptake.dev/problems/too-deep"));
    }

    @Test
    void shouldRefuseMoreThan1000Properties() {
        Map<String, Object> properties = new HashMap<>();
        for (int i = 0; i < 1001; i++) {
            properties.put("p" + i, i);
        }
        asTenant("tenant-a").body(Events.track("u", "Wide").with("properties", properties).json())
                .when().post("/v1/track")
                .then().statusCode(400).body("type", equalTo("https://uptake.dev/problems/too-many-properties"));
    }

    @Test
    void shouldRefuseMalformedJsonWithAProblem() {
        asTenant("tenant-a").body("{\"userId\": \"u\", ").when().post("/v1/track")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://uptake.dev/problems/malformed-json"))
                .body("title", equalTo("Malformed JSON"))
                .body("instance", equalTo("/v1/track"));
    }

    @Test
    void shouldRefuseAKeyRepeatedInOneObjectNamingIt() {
        asTenant("tenant-a").body("{\"userId\": \"u\", \"event\": \"Opened\", \"properties\": {\"plan\": \"pro\", "
                + "\"plan\": \"free\"}}").when().post("/v1/track")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://uptake.dev/problems/duplicate-key"))
                .body("detail", containsString("\"plan\" appears twice"));
        String longKey = "k".repeat(5000);
        asTenant("tenant-a").body("{\"userId\": \"u\", \"event\": \"Opened\", \"properties\": {\"" + longKey + "\": 1, \""
                + longKey + "\": 2}}").when().post("/v1/track")
                .then().statusCode(400).body("type", equalTo("https://uptake.dev/problems/duplicate-key"))
                .body("detail", containsString("\"" + "k".repeat(100) + "…\" appears twice"));
        // The same key in sibling objects is no repeat.
        asTenant("tenant-a").body("{\"userId\": \"u\", \"event\": \"Opened\", \"properties\": {\"plan\": \"pro\"}, "
                + "\"context\": {\"plan\": \"x\"}}").when().post("/v1/track").then().statusCode(200);
    }

    @Test
    void shouldCountEveryOutcomeAndPublishLatencyHistograms() {
        String tenant = "metrics-" + UUID.randomUUID();
        Events call = Events.track("u-m", "Counted");
        asTenant(tenant).body(call.json()).when().post("/v1/track").then().statusCode(200);
        asTenant(tenant).body(call.json()).when().post("/v1/track").then().statusCode(200);
        asTenant(tenant).body(Events.batch(List.of(Events.call("track").with("event", "No Identity")), Map.of()))
                .when().post("/v1/batch").then().statusCode(200);
        asTenant(tenant).body("{\"userId\": ").when().post("/v1/track").then().statusCode(400);

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains(counter("uptake_ingestion_events_total", tenant, "accepted", "none") + " 1.0")
                .contains(counter("uptake_ingestion_events_total", tenant, "duplicate", "none") + " 1.0")
                .contains(counter("uptake_ingestion_events_total", tenant, "rejected", "userId") + " 1.0")
                .contains("uptake_ingestion_requests_refused_total{reason=\"malformed-json\",tenant=\"" + tenant + "\"} 1.0")
                .contains("uptake_ingestion_publish_seconds_bucket{")
                .contains("http_server_requests_seconds_bucket{")
                // Every request above has ended, so none holds a place at the admission gate.
                .contains("uptake_ingestion_requests_in_flight 0.0");
    }

    private static String counter(String name, String tenant, String outcome, String reason) {
        return name + "{outcome=\"" + outcome + "\",reason=\"" + reason + "\",tenant=\"" + tenant + "\"}";
    }

    @Test
    void shouldRefuseAnEmptyBody() {
        asTenant("tenant-a").body("").when().post("/v1/identify")
                .then().statusCode(400).body("type", equalTo("https://uptake.dev/problems/empty-body"));
    }

    @Test
    void shouldRefuseANonJsonContentTypeWith400() {
        for (String type : List.of("application/xml", "text/html", "multipart/form-data; boundary=x", "text/plainer")) {
            asTenant("tenant-a").contentType(type).body(Events.track("u", "x").json().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .when().post("/v1/track")
                    .then().statusCode(400).body("type", equalTo("https://uptake.dev/problems/unsupported-content-type"));
        }
    }

    @Test
    void shouldReadTextPlainAsJsonAsSegmentsBrowserSdkSendsIt() throws Exception {
        // analytics.js posts text/plain (no CORS preflight), with the write key and its own metadata in the body.
        Events call = Events.track("u-1k", "Report Built").with("writeKey", "wk_in_body")
                .with("_metadata", Map.of("bundled", List.of("Segment.io")));

        asTenant("tenant-a").contentType("text/plain;charset=UTF-8").body(call.json()).when().post("/v1/track")
                .then().statusCode(200).body("success", equalTo(true));

        JsonNode payload = JSON.readTree(published(call.messageId()).value());
        assertThat(payload.get("event").asText()).isEqualTo("Report Built");
        assertThat(payload.has("writeKey")).as("the key is never stored").isFalse();
        assertThat(payload.toString()).doesNotContain("wk_in_body");
    }

    @Test
    void shouldRefuseASingleCallWithoutIdentityNamingTheField() {
        asTenant("tenant-a").body("{\"event\":\"Orphan\"}").when().post("/v1/track")
                .then().statusCode(400)
                .body("type", equalTo("https://uptake.dev/problems/invalid-event"))
                .body("errors[0].path", equalTo("userId"));
    }

    @Test
    void shouldRefuseTypeSpecificMissingFields() {
        asTenant("tenant-a").body("{\"userId\":\"u\"}").when().post("/v1/group")
                .then().statusCode(400).body("errors[0].path", equalTo("groupId"));
        asTenant("tenant-a").body("{\"userId\":\"u\"}").when().post("/v1/alias")
                .then().statusCode(400).body("errors[0].path", equalTo("previousId"));
        asTenant("tenant-a").body("{\"userId\":\"u\"}").when().post("/v1/track")
                .then().statusCode(400).body("errors[0].path", equalTo("event"));
    }

    @Test
    void shouldRefuseCallsThatDidNotComeThroughTheGateway() {
        given().contentType("application/json").body(Events.track("u", "x").json())
                .when().post("/v1/track")
                .then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("https://uptake.dev/problems/unauthorized"));
        given().header("X-Uptake-Gateway-Token", "guess").header("X-Uptake-Tenant", "tenant-a")
                .contentType("application/json").body(Events.track("u", "x").json())
                .when().post("/v1/track")
                .then().statusCode(401);
    }

    @Test
    void shouldAnswerUnknownRoutesWithA404Problem() {
        asTenant("tenant-a").when().get("/v1/nothing-here")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://uptake.dev/problems/not-found"))
                .body("detail", equalTo("No resource at this path."));
        given().when().get("/nowhere").then().statusCode(404).contentType("application/problem+json")
                .body("stackTrace", nullValue());
    }

    private static Events batchTrack(String userId, String event) {
        return Events.call("track").with("userId", userId).with("event", event);
    }

    static ConsumerRecord<String, String> published(String messageId) {
        List<ConsumerRecord<String, String>> found = TestTopics.read(Topics.EVENTS,
                r -> messageId.equals(TestTopics.header(r, "ce_id")), 1, Duration.ofSeconds(15));
        assertThat(found).as("record %s on %s", messageId, Topics.EVENTS).hasSize(1);
        return found.get(0);
    }

    private static byte[] gzip(byte[] raw) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(raw);
        }
        return out.toByteArray();
    }
}
