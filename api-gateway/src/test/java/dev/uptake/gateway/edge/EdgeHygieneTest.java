package dev.uptake.gateway.edge;

import static dev.uptake.gateway.TestTenants.withKey;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.util.Arrays;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.uptake.gateway.EchoUpstreams;
import dev.uptake.gateway.TestTenants;
import dev.uptake.testsupport.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Body and header caps, security headers on every answer, and the meters operators watch. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(EchoUpstreams.class)
class EdgeHygieneTest {

    private static final int INGESTION_CAP = 512_000;
    private static final int OTHER_CAP = 1_048_576;
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
    void shouldForwardATrackingBodyAtTheCapAndRefuseOneByteMore() {
        withKey(tenant.writeKey()).contentType(ContentType.JSON).body(json(INGESTION_CAP))
                .when().post("/v1/track")
                .then().statusCode(200).body("bodyBytes", equalTo(INGESTION_CAP));
        withKey(tenant.writeKey()).contentType(ContentType.JSON).body(json(INGESTION_CAP + 1))
                .when().post("/v1/track")
                .then().statusCode(413).contentType("application/problem+json")
                .body("type", equalTo("https://uptake.dev/problems/payload-too-large"))
                .body("detail", equalTo("The body is larger than the 512000 bytes this endpoint accepts."));
    }

    @Test
    void shouldAllowOneMegabyteOnOtherRoutes() {
        withKey(tenant.adminKey()).contentType(ContentType.JSON).body(json(INGESTION_CAP + 1))
                .when().post("/v1/campaigns")
                .then().statusCode(200).body("bodyBytes", equalTo(INGESTION_CAP + 1));
        withKey(tenant.adminKey()).contentType(ContentType.JSON).body(json(OTHER_CAP + 1))
                .when().post("/v1/campaigns")
                .then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void shouldCapAChunkedBodyWhileReadingIt() {
        // A stream body makes the client send it chunked, without Content-Length.
        withKey(tenant.writeKey()).contentType(ContentType.JSON)
                .body(new java.io.ByteArrayInputStream(json(INGESTION_CAP + 10).getBytes()))
                .when().post("/v1/track")
                .then().statusCode(413).contentType("application/problem+json");
        withKey(tenant.writeKey()).contentType(ContentType.JSON)
                .body(new java.io.ByteArrayInputStream("{\"event\":\"x\"}".getBytes()))
                .when().post("/v1/track")
                .then().statusCode(200).body("body", equalTo("{\"event\":\"x\"}"));
    }

    @Test
    void shouldRefuseOversizedHeaders() {
        char[] big = new char[20_000];
        Arrays.fill(big, 'a');
        withKey(tenant.writeKey()).header("X-Big", new String(big)).body("{}")
                .when().post("/v1/track")
                .then().statusCode(431);
    }

    @Test
    void shouldSetSecurityHeadersOnProxiedErrorAndLocalAnswers() {
        assertSecure(withKey(tenant.readKey()).when().get("/v1/accounts").then().statusCode(200));
        assertSecure(given().when().get("/v1/accounts").then().statusCode(401));
        assertSecure(TestTenants.asOperator().when().get("/admin/tenants").then().statusCode(200));
        assertSecure(given().when().get("/nowhere").then().statusCode(404));
    }

    @Test
    void shouldNeverShowInternalsInA500() {
        // A body that is not even JSON never reaches a stack trace: the problem says only what is wrong.
        TestTenants.asOperator().body("not json").when().post("/admin/tenants")
                .then().statusCode(400)
                .body(not(containsString("Exception")))
                .body(not(containsString("at dev.uptake")));
    }

    @Test
    void shouldCountRequestsRejectionsAndUpstreamFailures() {
        withKey(tenant.readKey()).body("{}").when().post("/v1/track").then().statusCode(403);
        given().when().get("/v1/accounts").then().statusCode(401);

        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("uptake_gateway_requests_total{family=\"ingestion\",status=\"403\"}"))
                .body(containsString("uptake_gateway_rejected_total{reason=\"forbidden\",tenant=\"" + tenant.id()
                        + "\"}"))
                .body(containsString("uptake_gateway_rejected_total{reason=\"auth\",tenant=\"unknown\"}"));
    }

    private static void assertSecure(ValidatableResponse response) {
        response.header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Frame-Options", "DENY")
                .header("Cache-Control", "no-store")
                .header("Server", nullValue());
    }

    private static String json(int bytes) {
        String head = "{\"event\":\"";
        return head + "x".repeat(bytes - head.length() - 2) + "\"}";
    }
}
