package dev.uptake.campaign;

import static dev.uptake.campaign.Gateway.asTenant;

import java.util.List;
import java.util.stream.Collectors;

import io.restassured.http.ContentType;

/** Campaigns and deliveries made through the API, as an admin of a tenant would. */
public final class TestCampaigns {

    private TestCampaigns() {
    }

    /** Creates an in-app campaign and answers its id. */
    public static String create(String tenantId, String name, String title) {
        return asTenant(tenantId).contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\",\"channel\":\"in_app\",\"message\":{\"title\":\"" + title
                        + "\",\"body\":\"Body of " + title + "\"}}")
                .when().post("/v1/campaigns")
                .then().statusCode(201).extract().path("campaignId");
    }

    public static void deliver(String tenantId, String campaignId, List<String> userIds) {
        asTenant(tenantId).contentType(ContentType.JSON).body(deliveryBody(userIds))
                .when().post("/v1/campaigns/{id}/deliveries", campaignId)
                .then().statusCode(200);
    }

    public static String deliveryBody(List<String> userIds) {
        return userIds.stream().map(user -> "\"" + user + "\"")
                .collect(Collectors.joining(",", "{\"userIds\":[", "]}"));
    }
}
