package dev.uptake.gateway.edge;

import static dev.uptake.gateway.TestTenants.withKey;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.uptake.gateway.EchoUpstreams;
import dev.uptake.gateway.TestTenants;
import dev.uptake.testsupport.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** What reaches an upstream: the resolved tenant and gateway credential, never the caller's own claims. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(EchoUpstreams.class)
class ForwardingTest {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static TestTenants.Tenant shared;
    private TestTenants.Tenant tenant;

    @BeforeEach
    void createTenantOnce() {
        if (shared == null) {
            shared = TestTenants.create();
        }
        tenant = shared;
    }

    @Test
    void shouldReplaceSpoofedTenantHeadersWithTheKeysTenant() {
        withKey(tenant.readKey())
                .header("X-Uptake-Tenant", "someone-else")
                .header("X-Uptake-Key-Kind", "admin")
                .header("X-Uptake-Gateway-Token", "forged")
                .header("x-uptake-anything", "forged")
                .when().get("/v1/accounts")
                .then().statusCode(200)
                .body("headers.x-uptake-tenant", equalTo(tenant.id()))
                .body("headers.x-uptake-key-kind", equalTo("read"))
                .body("headers.x-uptake-gateway-token", equalTo("dev-only-internal-token-not-a-secret"))
                .body("headers", not(hasKey("x-uptake-anything")))
                .body("headers", not(hasKey("authorization")));
    }

    @Test
    void shouldPassAValidClientRequestIdThroughAndReturnIt() {
        withKey(tenant.writeKey()).header("X-Request-Id", "client-req.42_A").body("{}")
                .when().post("/v1/track")
                .then().statusCode(200)
                .header("X-Request-Id", "client-req.42_A")
                .body("headers.x-request-id", equalTo("client-req.42_A"));
    }

    @Test
    void shouldReplaceAnInvalidRequestIdWithAGeneratedOne() {
        String generated = withKey(tenant.writeKey()).header("X-Request-Id", "bad id with spaces").body("{}")
                .when().post("/v1/track")
                .then().statusCode(200)
                .header("X-Request-Id", matchesPattern(UUID))
                .extract().header("X-Request-Id");
        withKey(tenant.writeKey()).header("X-Request-Id", generated).body("{}")
                .when().post("/v1/track").then().body("headers.x-request-id", equalTo(generated));
    }

    @Test
    void shouldReturnARequestIdOnRejectionsToo() {
        given().when().get("/v1/accounts")
                .then().statusCode(401).header("X-Request-Id", matchesPattern(UUID));
        given().when().get("/v1/no-such-thing")
                .then().statusCode(404).header("X-Request-Id", matchesPattern(UUID));
    }

    @Test
    void shouldForwardMethodQueryAndBodyAsSent() {
        withKey(tenant.adminKey()).urlEncodingEnabled(false).contentType(ContentType.JSON)
                .body("{\"name\":\"Power users\"}")
                .when().put("/v1/segments/s1?dryRun=true&x=a%20b")
                .then().statusCode(200)
                .body("method", equalTo("PUT"))
                .body("uri", equalTo("/v1/segments/s1?dryRun=true&x=a%20b"))
                .body("body", equalTo("{\"name\":\"Power users\"}"))
                .body("headers.content-type", equalTo("application/json"));
    }

    @Test
    void shouldForwardTheNormalizedPathThatWasAuthorized() {
        withKey(tenant.writeKey()).urlEncodingEnabled(false).body("{}")
                .when().post("/v1/inbox/../campaigns")
                .then().statusCode(403);
        withKey(tenant.writeKey()).urlEncodingEnabled(false).body("{}")
                .when().post("/v1/inbox/%2e%2e/campaigns")
                .then().statusCode(400).contentType("application/problem+json");
        withKey(tenant.writeKey()).urlEncodingEnabled(false).body("{}")
                .when().post("/v1/inbox/a%2Fb")
                .then().statusCode(400);
    }

    @Test
    void shouldDropUpstreamServerAndInternalHeadersFromTheAnswer() {
        withKey(tenant.readKey()).when().get("/v1/accounts")
                .then().statusCode(200)
                .header("Server", nullValue())
                .header("X-Uptake-Leak", nullValue());
    }

    @Test
    void shouldAnswerUnknownRoutesWithAProblem() {
        withKey(tenant.adminKey()).when().get("/v1/unknown")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://uptake.dev/problems/not-found"))
                .body("instance", equalTo("/v1/unknown"));
        given().when().get("/nothing/here")
                .then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404));
        withKey(tenant.adminKey()).when().get("/v1/tracking")
                .then().statusCode(404);
    }
}
