package dev.uptake.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * Another tenant's keys see nothing of the demo tenant's data through any service (accounts, users, events, signals,
 * campaigns, inbox messages): 404 or an empty page.
 */
class TenantIsolationIT {

    private static String otherWriteKey;
    private static String otherReadKey;
    private static String otherAdminKey;

    @BeforeAll
    static void createSecondTenant() {
        RestAssured.baseURI = RunningSuite.suite().gatewayUrl();
        String operator = "Bearer " + RunningSuite.suite().operatorToken();
        String tenant = "other-" + UUID.randomUUID().toString().substring(0, 8);
        given().header("Authorization", operator).contentType(ContentType.JSON)
                .body("{\"id\":\"" + tenant + "\",\"name\":\"Other Co\"}")
                .when().post("/admin/tenants").then().statusCode(201);
        otherWriteKey = issueKey(operator, tenant, "write");
        otherReadKey = issueKey(operator, tenant, "read");
        otherAdminKey = issueKey(operator, tenant, "admin");
    }

    @Test
    void shouldHideAccountsUsersEventsAndSignalsOfAnotherTenant() {
        String account = "secret-" + UUID.randomUUID();
        String user = "secret-user-" + UUID.randomUUID();
        given().auth().preemptive().basic(RunningSuite.tenant().writeKey(), "").contentType(ContentType.JSON)
                .body("{\"userId\":\"" + user + "\",\"event\":\"Viewed\",\"context\":{\"groupId\":\"" + account + "\"}}")
                .when().post("/v1/track").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .header("Authorization", "Bearer " + RunningSuite.tenant().readKey())
                .when().get("/v1/accounts/" + account).then().statusCode(200));
        String signalId = await().atMost(Duration.ofSeconds(30)).until(() -> given()
                .header("Authorization", "Bearer " + RunningSuite.tenant().readKey())
                .queryParam("subjectId", account).queryParam("kind", "lifecycle")
                .when().get("/v1/signals").then().statusCode(200).extract().<String>path("items[0].signalId"),
                id -> id != null);

        given().header("Authorization", "Bearer " + otherReadKey).when().get("/v1/accounts/" + account)
                .then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + otherReadKey).when().get("/v1/users/" + user)
                .then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + otherReadKey).when().get("/v1/signals/" + signalId)
                .then().statusCode(404);
        given().header("Authorization", "Bearer " + otherReadKey).queryParam("subjectId", account)
                .when().get("/v1/signals").then().statusCode(200).body("items", hasSize(0));
        given().header("Authorization", "Bearer " + otherAdminKey).queryParam("accountId", account)
                .when().get("/v1/events").then().statusCode(200).body("items", hasSize(0));
        // Spoofed identity headers are the gateway's to set, never the client's.
        given().header("Authorization", "Bearer " + otherReadKey)
                .header("X-Uptake-Tenant", RunningSuite.tenant().tenantId())
                .when().get("/v1/accounts/" + account).then().statusCode(404);
        given().header("Authorization", "Bearer " + RunningSuite.tenant().readKey())
                .when().get("/v1/accounts/" + account).then().statusCode(200).body("accountId", equalTo(account));
    }

    @Test
    void shouldHideCampaignsAndInboxMessagesOfAnotherTenant() {
        String admin = "Bearer " + RunningSuite.tenant().adminKey();
        String write = "Bearer " + RunningSuite.tenant().writeKey();
        String user = "inbox-user-" + UUID.randomUUID();
        String campaign = given().header("Authorization", admin).contentType(ContentType.JSON)
                .body("{\"name\":\"Isolation\",\"channel\":\"in_app\",\"message\":{\"title\":\"Only yours\","
                        + "\"body\":\"For the demo tenant\"}}")
                .when().post("/v1/campaigns").then().statusCode(201).extract().path("campaignId");
        given().header("Authorization", admin).contentType(ContentType.JSON)
                .body("{\"userIds\":[\"" + user + "\"]}")
                .when().post("/v1/campaigns/" + campaign + "/deliveries").then().statusCode(200)
                .body("delivered", equalTo(1));
        String message = given().header("Authorization", write).queryParam("userId", user)
                .when().get("/v1/inbox").then().statusCode(200).body("unread", equalTo(1))
                .extract().path("items[0].messageId");

        given().header("Authorization", "Bearer " + otherReadKey).when().get("/v1/campaigns/" + campaign)
                .then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + otherAdminKey).when().get("/v1/campaigns")
                .then().statusCode(200).body("items", hasSize(0));
        given().header("Authorization", "Bearer " + otherAdminKey).contentType(ContentType.JSON)
                .body("{\"userIds\":[\"" + user + "\"]}")
                .when().post("/v1/campaigns/" + campaign + "/deliveries").then().statusCode(404);
        given().header("Authorization", "Bearer " + otherWriteKey).queryParam("userId", user)
                .when().get("/v1/inbox").then().statusCode(200).body("items", hasSize(0));
        given().header("Authorization", "Bearer " + otherWriteKey).when().get("/v1/inbox/" + message)
                .then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + otherWriteKey).when().post("/v1/inbox/" + message + "/read")
                .then().statusCode(404);

        // The owner's inbox is untouched: still one unread message, and the intruder's delivery added nothing.
        given().header("Authorization", write).queryParam("userId", user)
                .when().get("/v1/inbox").then().statusCode(200).body("items", hasSize(1)).body("unread", equalTo(1));
        // A leaked write key reads an inbox but cannot define or deliver campaigns; a read key cannot either.
        given().header("Authorization", write).contentType(ContentType.JSON).body("{\"userIds\":[\"x\"]}")
                .when().post("/v1/campaigns/" + campaign + "/deliveries").then().statusCode(403);
        given().header("Authorization", "Bearer " + RunningSuite.tenant().readKey()).contentType(ContentType.JSON)
                .body("{\"userIds\":[\"x\"]}")
                .when().post("/v1/campaigns/" + campaign + "/deliveries").then().statusCode(403);
        given().header("Authorization", "Bearer " + RunningSuite.tenant().readKey())
                .when().get("/v1/campaigns/" + campaign).then().statusCode(200).body("campaignId", equalTo(campaign));
    }

    private static String issueKey(String operator, String tenant, String kind) {
        return given().header("Authorization", operator).contentType(ContentType.JSON)
                .body("{\"kind\":\"" + kind + "\"}")
                .when().post("/admin/tenants/" + tenant + "/keys")
                .then().statusCode(201).extract().path("key");
    }
}
