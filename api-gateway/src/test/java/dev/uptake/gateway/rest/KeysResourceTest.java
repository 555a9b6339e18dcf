package dev.uptake.gateway.rest;

import static dev.uptake.gateway.TestTenants.withKey;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import dev.uptake.gateway.EchoUpstreams;
import dev.uptake.gateway.TestTenants;
import dev.uptake.testsupport.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** /v1/keys: an admin key manages its own tenant's keys, and only those. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(EchoUpstreams.class)
class KeysResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void shouldListOwnKeysWithoutSecrets() {
        TestTenants.Tenant tenant = TestTenants.create();
        TestTenants.create(); // another tenant's keys must not show

        withKey(tenant.adminKey()).when().get("/v1/keys")
                .then().statusCode(200)
                .body("items", hasSize(3))
                .body("items.tenantId", everyItem(equalTo(tenant.id())))
                .body("items[0]", not(hasKey("key")))
                .body("items.prefix", everyItem(matchesPattern("[0-9a-z]{12}")));
    }

    @Test
    void shouldRefuseAQueryParameterTheListDoesNotTake() {
        TestTenants.Tenant tenant = TestTenants.create();

        withKey(tenant.adminKey()).queryParam("includeRevoked", true).when().get("/v1/keys")
                .then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("https://uptake.dev/problems/invalid-parameter"))
                .body("errors[0].path", equalTo("includeRevoked"));
    }

    @Test
    void shouldIssueAKeyThatWorksAtOnce() {
        TestTenants.Tenant tenant = TestTenants.create();
        String key = withKey(tenant.adminKey()).contentType(ContentType.JSON).body("{\"kind\":\"write\"}")
                .when().post("/v1/keys")
                .then().statusCode(201)
                .header("Location", matchesPattern(".*/v1/keys/[0-9a-f-]{36}"))
                .body("kind", equalTo("write"))
                .body("tenantId", equalTo(tenant.id()))
                .extract().path("key");

        withKey(key).body("{}").when().post("/v1/track")
                .then().statusCode(200).body("headers.x-uptake-tenant", equalTo(tenant.id()));
    }

    @Test
    void shouldRevokeOwnKeyAndNotAnotherTenants() {
        TestTenants.Tenant tenant = TestTenants.create();
        TestTenants.Tenant other = TestTenants.create();
        String ownKeyId = TestTenants.keyId(tenant.id(), tenant.writeKey());
        String foreignKeyId = TestTenants.keyId(other.id(), other.writeKey());

        withKey(tenant.adminKey()).when().delete("/v1/keys/{id}", foreignKeyId)
                .then().statusCode(404).contentType(PROBLEM);
        withKey(other.writeKey()).body("{}").when().post("/v1/track").then().statusCode(200);

        withKey(tenant.adminKey()).when().delete("/v1/keys/{id}", ownKeyId).then().statusCode(204);
        withKey(tenant.adminKey()).when().get("/v1/keys/{id}", ownKeyId)
                .then().statusCode(200).body("revokedAt", notNullValue());
        withKey(tenant.writeKey()).body("{}").when().post("/v1/track").then().statusCode(401);
    }

    @Test
    void shouldRejectAnInvalidOrEmptyBody() {
        TestTenants.Tenant tenant = TestTenants.create();
        withKey(tenant.adminKey()).contentType(ContentType.JSON).body("{\"kind\":\"root\"}")
                .when().post("/v1/keys")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors.path", hasItem("kind"));
        withKey(tenant.adminKey()).contentType(ContentType.JSON)
                .when().post("/v1/keys")
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void shouldAnswer404ForAnUnknownKey() {
        TestTenants.Tenant tenant = TestTenants.create();
        withKey(tenant.adminKey()).when().get("/v1/keys/0b8e4c4e-2f0e-4a57-9f5e-0c4a0c8f3f10")
                .then().statusCode(404).contentType(PROBLEM)
                .body("instance", endsWith("/v1/keys/0b8e4c4e-2f0e-4a57-9f5e-0c4a0c8f3f10"));
    }

    @Test
    void shouldRefuseKeysThatAreNotAdminKeys() {
        TestTenants.Tenant tenant = TestTenants.create();
        withKey(tenant.readKey()).when().get("/v1/keys")
                .then().statusCode(403).contentType(PROBLEM)
                .body("detail", equalTo("A read key cannot call GET /v1/keys."));
    }
}
