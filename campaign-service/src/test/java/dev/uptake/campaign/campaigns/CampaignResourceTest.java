package dev.uptake.campaign.campaigns;

import static dev.uptake.campaign.Gateway.asTenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.uptake.campaign.TestCampaigns;
import dev.uptake.campaign.TestPaging;
import dev.uptake.testsupport.KafkaTestResource;
import dev.uptake.testsupport.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** /v1/campaigns against real PostgreSQL: definition, delivery once per user, tenancy and errors. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class CampaignResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void shouldCreateACampaignAndReadItBack() {
        String location = asTenant("t-create").contentType(ContentType.JSON)
                .body("{\"name\":\"Reports nudge\",\"channel\":\"in_app\","
                        + "\"message\":{\"title\":\"Try saved reports\",\"body\":\"Save any report.\"}}")
                .when().post("/v1/campaigns")
                .then().statusCode(201)
                .body("name", equalTo("Reports nudge"))
                .body("channel", equalTo("in_app"))
                .body("message.title", equalTo("Try saved reports"))
                .body("message.body", equalTo("Save any report."))
                .body("createdAt", notNullValue())
                .extract().header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);

        asTenant("t-create").when().get("/v1/campaigns/{id}", id)
                .then().statusCode(200)
                .body("campaignId", equalTo(id))
                .body("name", equalTo("Reports nudge"))
                .body("message.title", equalTo("Try saved reports"));
        asTenant("t-create").when().get("/v1/campaigns")
                .then().statusCode(200)
                .body("items.campaignId", contains(id));
    }

    @Test
    void shouldRefuseAnInvalidCampaignNamingEachField() {
        asTenant("t-invalid").contentType(ContentType.JSON)
                .body("{\"name\":\" \",\"channel\":\"email\",\"message\":{\"title\":\"Hi\"}}")
                .when().post("/v1/campaigns")
                .then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("https://uptake.dev/problems/validation"))
                .body("errors.path", contains("channel", "message.body", "name"))
                .body("errors[0].message",
                        equalTo("must be in_app; email and webhook channels are not available yet"));
        asTenant("t-invalid").contentType(ContentType.JSON).body("{\"name\":")
                .when().post("/v1/campaigns")
                .then().statusCode(400).contentType(PROBLEM);
        // An audience is not supported yet: refused, never ignored while the rest is created.
        asTenant("t-invalid").contentType(ContentType.JSON)
                .body("{\"name\":\"n\",\"channel\":\"in_app\",\"message\":{\"title\":\"t\",\"body\":\"b\"},"
                        + "\"audience\":{\"segment\":\"at-risk\"}}")
                .when().post("/v1/campaigns")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].path", equalTo("audience"));
        asTenant("t-invalid").when().get("/v1/campaigns").then().statusCode(200).body("items", empty());
    }

    @Test
    void shouldDeliverToEachUserOnceEvenWhenRetried() {
        String campaign = TestCampaigns.create("t-deliver", "Once", "Only once");

        asTenant("t-deliver").contentType(ContentType.JSON).body(TestCampaigns.deliveryBody(List.of("u-1", "u-2", "u-2")))
                .when().post("/v1/campaigns/{id}/deliveries", campaign)
                .then().statusCode(200)
                .body("delivered", equalTo(2))
                .body("alreadyDelivered", equalTo(0));
        asTenant("t-deliver").contentType(ContentType.JSON).body(TestCampaigns.deliveryBody(List.of("u-2", "u-3")))
                .when().post("/v1/campaigns/{id}/deliveries", campaign)
                .then().statusCode(200)
                .body("delivered", equalTo(1))
                .body("alreadyDelivered", equalTo(1));

        for (String user : List.of("u-1", "u-2", "u-3")) {
            asTenant("t-deliver").queryParam("userId", user).when().get("/v1/inbox")
                    .then().statusCode(200)
                    .body("items", hasSize(1))
                    .body("items[0].campaignId", equalTo(campaign))
                    .body("items[0].title", equalTo("Only once"));
        }
    }

    @Test
    void shouldRefuseADeliveryWithNoUsersTooManyOrABlankOne() {
        String campaign = TestCampaigns.create("t-delivery-limits", "Limits", "Limits");
        List<String> tooMany = IntStream.rangeClosed(1, 1001).mapToObj(i -> "u-" + i).toList();

        List<String> bodies = new ArrayList<>(Stream.of(List.<String>of(), tooMany, List.of("u-1", " "))
                .map(TestCampaigns::deliveryBody).toList());
        bodies.addAll(List.of("{\"userIds\":\"u-1\"}", "{\"userIds\":[null]}", "{}"));
        for (String body : bodies) {
            asTenant("t-delivery-limits").contentType(ContentType.JSON).body(body)
                    .when().post("/v1/campaigns/{id}/deliveries", campaign)
                    .then().statusCode(400).contentType(PROBLEM)
                    .body("type", equalTo("https://uptake.dev/problems/validation"));
        }
        asTenant("t-delivery-limits").contentType(ContentType.TEXT).body("u-1")
                .when().post("/v1/campaigns/{id}/deliveries", campaign)
                .then().statusCode(415).contentType(PROBLEM);
        asTenant("t-delivery-limits").queryParam("userId", "u-1").when().get("/v1/inbox")
                .then().statusCode(200).body("items", empty());
    }

    @Test
    void shouldShowAnotherTenantNoCampaign() {
        String campaign = TestCampaigns.create("t-owner", "Private", "Private");

        asTenant("t-intruder").when().get("/v1/campaigns/{id}", campaign)
                .then().statusCode(404).contentType(PROBLEM)
                .body("detail", equalTo("No campaign " + campaign + "."))
                .body("instance", endsWith("/v1/campaigns/" + campaign));
        asTenant("t-intruder").when().get("/v1/campaigns")
                .then().statusCode(200).body("items", empty()).body("nextCursor", nullValue());
        asTenant("t-intruder").contentType(ContentType.JSON).body(TestCampaigns.deliveryBody(List.of("victim")))
                .when().post("/v1/campaigns/{id}/deliveries", campaign)
                .then().statusCode(404).contentType(PROBLEM);
        asTenant("t-owner").queryParam("userId", "victim").when().get("/v1/inbox")
                .then().statusCode(200).body("items", empty());
    }

    @Test
    void shouldPageEveryCampaignOnceNewestFirst() {
        String tenant = "t-campaign-paging";
        List<String> created = new ArrayList<>();
        IntStream.range(0, 5).forEach(i -> created.add(TestCampaigns.create(tenant, "c" + i, "Title " + i)));

        TestPaging.Walk walk = TestPaging.walk(tenant, "/v1/campaigns", "campaignId", 2);

        assertThat(walk.pages()).isEqualTo(3);
        List<String> newestFirst = new ArrayList<>(created);
        Collections.reverse(newestFirst);
        assertThat(walk.ids()).containsExactlyElementsOf(newestFirst);
    }
}
