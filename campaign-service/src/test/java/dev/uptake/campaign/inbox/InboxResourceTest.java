package dev.uptake.campaign.inbox;

import static dev.uptake.campaign.Gateway.asTenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.uptake.campaign.TestCampaigns;
import dev.uptake.testsupport.KafkaTestResource;
import dev.uptake.testsupport.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** /v1/inbox against real PostgreSQL: what a front end shows, read marks, tenancy and errors. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class InboxResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void shouldListAUsersMessagesNewestFirstWithTheUnreadCount() {
        String first = TestCampaigns.create("t-inbox", "First", "Welcome");
        String second = TestCampaigns.create("t-inbox", "Second", "Try reports");
        TestCampaigns.deliver("t-inbox", first, List.of("ann", "bob"));
        TestCampaigns.deliver("t-inbox", second, List.of("ann"));

        asTenant("t-inbox").queryParam("userId", "ann").when().get("/v1/inbox")
                .then().statusCode(200)
                .body("items.campaignId", contains(second, first))
                .body("items.title", contains("Try reports", "Welcome"))
                .body("items[0].body", equalTo("Body of Try reports"))
                .body("items[0].userId", equalTo("ann"))
                .body("items[0].readAt", nullValue())
                .body("unread", equalTo(2))
                .body("nextCursor", nullValue());
        asTenant("t-inbox").queryParam("userId", "bob").when().get("/v1/inbox")
                .then().statusCode(200).body("items.campaignId", contains(first)).body("unread", equalTo(1));

        String cursor = asTenant("t-inbox").queryParam("userId", "ann").queryParam("limit", 1).when().get("/v1/inbox")
                .then().statusCode(200).body("items.campaignId", contains(second)).body("unread", equalTo(2))
                .extract().path("nextCursor");
        asTenant("t-inbox").queryParam("userId", "ann").queryParam("limit", 1).queryParam("cursor", cursor)
                .when().get("/v1/inbox")
                .then().statusCode(200).body("items.campaignId", contains(first)).body("nextCursor", nullValue());
    }

    @Test
    void shouldIgnoreABrowsersCacheBusterButNoOtherUnknownParameter() {
        String campaign = TestCampaigns.create("t-buster", "Polled", "Polled with jQuery");
        TestCampaigns.deliver("t-buster", campaign, List.of("dan"));

        asTenant("t-buster").queryParam("userId", "dan").queryParam("_", "1764806400000").when().get("/v1/inbox")
                .then().statusCode(200).body("items.campaignId", contains(campaign)).body("unread", equalTo(1));
        asTenant("t-buster").queryParam("userId", "dan").queryParam("__", "1764806400000").when().get("/v1/inbox")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].path", equalTo("__"));
    }

    @Test
    void shouldMarkAMessageReadOnceKeepingTheFirstTime() {
        String campaign = TestCampaigns.create("t-read", "Read", "Read me");
        TestCampaigns.deliver("t-read", campaign, List.of("cleo"));
        String message = asTenant("t-read").queryParam("userId", "cleo").when().get("/v1/inbox")
                .then().statusCode(200).extract().path("items[0].messageId");

        String readAt = asTenant("t-read").when().post("/v1/inbox/{id}/read", message)
                .then().statusCode(200)
                .body("messageId", equalTo(message))
                .body("readAt", notNullValue())
                .extract().path("readAt");
        String again = asTenant("t-read").when().post("/v1/inbox/{id}/read", message)
                .then().statusCode(200).extract().path("readAt");

        assertThat(again).isEqualTo(readAt);
        asTenant("t-read").when().get("/v1/inbox/{id}", message)
                .then().statusCode(200).body("readAt", equalTo(readAt)).body("title", equalTo("Read me"));
        asTenant("t-read").queryParam("userId", "cleo").when().get("/v1/inbox")
                .then().statusCode(200).body("unread", equalTo(0)).body("items[0].readAt", equalTo(readAt));
    }

    @Test
    void shouldShowAnotherTenantNoMessage() {
        String campaign = TestCampaigns.create("t-inbox-owner", "Private", "Private");
        TestCampaigns.deliver("t-inbox-owner", campaign, List.of("dana"));
        String message = asTenant("t-inbox-owner").queryParam("userId", "dana").when().get("/v1/inbox")
                .then().statusCode(200).extract().path("items[0].messageId");

        asTenant("t-inbox-intruder").queryParam("userId", "dana").when().get("/v1/inbox")
                .then().statusCode(200).body("items", empty()).body("unread", equalTo(0));
        asTenant("t-inbox-intruder").when().get("/v1/inbox/{id}", message)
                .then().statusCode(404).contentType(PROBLEM)
                .body("detail", equalTo("No inbox message " + message + "."));
        asTenant("t-inbox-intruder").when().post("/v1/inbox/{id}/read", message)
                .then().statusCode(404).contentType(PROBLEM);
        asTenant("t-inbox-owner").when().get("/v1/inbox/{id}", message)
                .then().statusCode(200).body("readAt", nullValue());
    }

    @Test
    void shouldRefuseAnInboxRequestWithoutAUserOrWithACursorItDidNotIssue() {
        asTenant("t-inbox-errors").when().get("/v1/inbox")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].path", equalTo("userId"))
                .body("errors[0].message", equalTo("must not be blank"));
        asTenant("t-inbox-errors").queryParam("userId", "eve").queryParam("cursor", "bm90LWEtdGltZXxpZA")
                .when().get("/v1/inbox")
                .then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("https://uptake.dev/problems/invalid-cursor"));
    }
}
