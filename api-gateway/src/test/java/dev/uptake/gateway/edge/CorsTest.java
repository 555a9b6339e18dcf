package dev.uptake.gateway.edge;

import static dev.uptake.gateway.TestTenants.asOperator;
import static dev.uptake.gateway.TestTenants.withKey;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import dev.uptake.gateway.EchoUpstreams;
import dev.uptake.gateway.KeyKind;
import dev.uptake.gateway.TestTenants;
import dev.uptake.testsupport.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Browsers may call write-key routes from the tenant's origins; read and admin routes serve no browser origin. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(EchoUpstreams.class)
class CorsTest {

    private static final String SITE = "https://shop.example.com";

    @Test
    void shouldAnswerAPreflightForATrackingRouteAtTheGateway() {
        given().header("Origin", SITE).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type")
                .when().options("/v1/track")
                .then().statusCode(204)
                .header("Access-Control-Allow-Origin", SITE)
                .header("Access-Control-Allow-Methods", "POST")
                .header("Access-Control-Allow-Headers", containsString("Authorization"))
                .header("Access-Control-Max-Age", "600")
                .header("Vary", "Origin");
    }

    @Test
    void shouldRefuseAPreflightForReadAndAdminRoutes() {
        given().header("Origin", SITE).header("Access-Control-Request-Method", "GET")
                .when().options("/v1/accounts")
                .then().statusCode(403).contentType("application/problem+json")
                .header("Access-Control-Allow-Origin", nullValue())
                .body("type", equalTo("https://uptake.dev/problems/cors-forbidden"));
        given().header("Origin", SITE).header("Access-Control-Request-Method", "GET")
                .when().options("/v1/keys")
                .then().statusCode(403).header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", SITE).header("Access-Control-Request-Method", "POST")
                .when().options("/admin/tenants")
                .then().statusCode(403).header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void shouldAllowAnyOriginOnWriteRoutesByDefault() {
        TestTenants.Tenant tenant = TestTenants.create();
        withKey(tenant.writeKey()).header("Origin", SITE).body("{}")
                .when().post("/v1/track")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", SITE)
                .header("Access-Control-Expose-Headers", containsString("X-Request-Id"));
    }

    @Test
    void shouldEnforceTheTenantsOriginsOnTheActualRequest() {
        String id = TestTenants.uniqueId();
        asOperator().body("{\"id\":\"" + id + "\",\"name\":\"Shop\",\"settings\":{\"corsOrigins\":[\"" + SITE
                + "\"]}}").when().post("/admin/tenants").then().statusCode(201);
        String key = TestTenants.issue(id, KeyKind.WRITE);

        withKey(key).header("Origin", SITE).body("{}").when().post("/v1/track")
                .then().statusCode(200).header("Access-Control-Allow-Origin", SITE);
        withKey(key).header("Origin", "https://evil.example.net").body("{}").when().post("/v1/track")
                .then().statusCode(403).contentType("application/problem+json")
                .header("Access-Control-Allow-Origin", nullValue())
                .body("type", equalTo("https://uptake.dev/problems/origin-forbidden"));
        withKey(key).body("{}").when().post("/v1/track").then().statusCode(200);
    }

    @Test
    void shouldGrantNoOriginOnReadRoutes() {
        TestTenants.Tenant tenant = TestTenants.create();
        withKey(tenant.readKey()).header("Origin", SITE).when().get("/v1/accounts")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
