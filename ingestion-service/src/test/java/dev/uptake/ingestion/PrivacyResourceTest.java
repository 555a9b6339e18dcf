package dev.uptake.ingestion;

import static dev.uptake.ingestion.Gateway.asTenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.uptake.contracts.Topics;
import dev.uptake.testsupport.KafkaTestResource;
import dev.uptake.testsupport.MongoTestResource;
import dev.uptake.testsupport.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(MongoTestResource.class)
class PrivacyResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldStripDeletedUsersEventsAndTellTheOtherServices() throws Exception {
        String tenant = "privacy-" + UUID.randomUUID();
        Events first = Events.track("u-gone", "Viewed");
        asTenant(tenant).body(first.json()).when().post("/v1/track").then().statusCode(200);
        asTenant(tenant).body(Events.track("u-gone", "Clicked").json()).when().post("/v1/track").then().statusCode(200);
        asTenant(tenant).body(Events.track("u-stays", "Clicked").json()).when().post("/v1/track").then().statusCode(200);

        String location = asTenant(tenant).body("{\"userIds\":[\"u-gone\"],\"type\":\"DELETE\"}")
                .when().post("/v1/privacy/requests")
                .then().statusCode(202)
                .header("Location", startsWith("/v1/privacy/requests/"))
                .body("type", equalTo("DELETE"))
                .extract().header("Location");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> asTenant(tenant).when().get(location)
                .then().statusCode(200).body("status", equalTo("completed")).body("eventsDeleted", equalTo(2)));

        asTenant(tenant).queryParam("userId", "u-gone").when().get("/v1/events").then().body("items", hasSize(0));
        asTenant(tenant).queryParam("userId", "u-stays").when().get("/v1/events").then().body("items", hasSize(1));
        String requestId = location.substring(location.lastIndexOf('/') + 1);
        List<ConsumerRecord<String, String>> published = TestTopics.read(Topics.PRIVACY,
                r -> r.key().equals(tenant + "/" + requestId), 1, Duration.ofSeconds(15));
        assertThat(published).hasSize(1);
        JsonNode message = JSON.readTree(published.get(0).value());
        assertThat(message.get("type").asText()).isEqualTo("DELETE");
        assertThat(message.get("userIds")).extracting(JsonNode::asText).containsExactly("u-gone");
        assertThat(TestTopics.header(published.get(0), "ce_type")).isEqualTo("dev.uptake.privacy.requested.v1");

        // A late retry of a deleted event is still recognised and not published again.
        asTenant(tenant).body(first.json()).when().post("/v1/track").then().statusCode(200);
        assertThat(TestTopics.read(Topics.EVENTS, r -> first.messageId().equals(TestTopics.header(r, "ce_id")), 2,
                Duration.ofSeconds(3))).hasSize(1);
    }

    @Test
    void shouldDropSuppressedUsersEventsUntilUnsuppressed() {
        String tenant = "suppress-" + UUID.randomUUID();
        awaitCompleted(tenant, asTenant(tenant).body("{\"userIds\":[\"u-quiet\"],\"type\":\"SUPPRESS\"}")
                .when().post("/v1/privacy/requests").then().statusCode(202).extract().header("Location"));

        Events dropped = Events.track("u-quiet", "Ignored");
        asTenant(tenant).body(dropped.json()).when().post("/v1/track").then().statusCode(200)
                .body("success", equalTo(true));
        assertThat(TestTopics.read(Topics.EVENTS, r -> dropped.messageId().equals(TestTopics.header(r, "ce_id")), 1,
                Duration.ofSeconds(3))).isEmpty();

        awaitCompleted(tenant, asTenant(tenant).body("{\"userIds\":[\"u-quiet\"],\"type\":\"UNSUPPRESS\"}")
                .when().post("/v1/privacy/requests").then().statusCode(202).extract().header("Location"));
        Events kept = Events.track("u-quiet", "Counted");
        asTenant(tenant).body(kept.json()).when().post("/v1/track").then().statusCode(200);
        TrackingResourceTest.published(kept.messageId());
    }

    @Test
    void shouldRefuseInvalidRequestsAndHideOtherTenantsOnes() {
        asTenant("t").body("{\"userIds\":[],\"type\":\"DELETE\"}").when().post("/v1/privacy/requests")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://uptake.dev/problems/validation"))
                .body("errors[0].path", equalTo("userIds"));
        asTenant("t").body("{\"userIds\":[\"u\"]}").when().post("/v1/privacy/requests")
                .then().statusCode(400).body("errors[0].path", equalTo("type"));
        asTenant("t").body("{\"userIds\":[\"u\"],\"type\":\"FORGET\"}").when().post("/v1/privacy/requests")
                .then().statusCode(400);

        String location = asTenant("owner").body("{\"userIds\":[\"u\"],\"type\":\"SUPPRESS\"}")
                .when().post("/v1/privacy/requests").then().statusCode(202).extract().header("Location");
        asTenant("intruder").when().get(location).then().statusCode(404)
                .body("type", equalTo("https://uptake.dev/problems/not-found"));
        asTenant("owner").when().get("/v1/privacy/requests/" + UUID.randomUUID()).then().statusCode(404);
    }

    private static void awaitCompleted(String tenant, String location) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> asTenant(tenant)
                .when().get(location).then().statusCode(200).body("status", equalTo("completed")));
    }
}
