package dev.uptake.gateway.edge;

import static dev.uptake.gateway.TestTenants.withKey;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.uptake.gateway.EchoUpstreams;
import dev.uptake.gateway.KeyKind;
import dev.uptake.gateway.TestTenants;
import dev.uptake.testsupport.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Each key kind against each route family: allowed calls reach the right upstream, others get 403 or 401. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(EchoUpstreams.class)
class KeyAccessTest {

    private static final String PROBLEM = "application/problem+json";
    private static TestTenants.Tenant shared;

    private TestTenants.Tenant tenant;

    @BeforeEach
    void createTenantOnce() {
        // Not @BeforeAll: REST Assured knows the app's port only once the Quarkus test instance is set up.
        if (shared == null) {
            shared = TestTenants.create();
        }
        tenant = shared;
    }

    @ParameterizedTest(name = "{0} key: {1} {2} -> {3}")
    @CsvSource({
            "WRITE, POST, /v1/track, ingestion",
            "WRITE, POST, /v1/identify, ingestion",
            "WRITE, POST, /v1/batch, ingestion",
            "WRITE, POST, /v1/inbox/impressions, campaign",
            "WRITE, GET, /v1/inbox/messages, campaign",
            "READ, GET, /v1/accounts/acme, scoring",
            "READ, GET, /v1/health-models, scoring",
            "READ, GET, /v1/campaigns, campaign",
            "READ, GET, /v1/signals, campaign",
            "ADMIN, POST, /v1/track, ingestion",
            "ADMIN, GET, /v1/events, ingestion",
            "ADMIN, POST, /v1/privacy/deletions, ingestion",
            "ADMIN, POST, /v1/segments, scoring",
            "ADMIN, DELETE, /v1/campaigns/c1, campaign",
            "ADMIN, PUT, /v1/playbooks/p1, campaign" })
    void shouldForwardWhenTheKeyKindMayCallTheRoute(KeyKind kind, String method, String path, String upstream) {
        withKey(tenant.key(kind)).contentType(ContentType.JSON).body("{}")
                .when().request(method, path)
                .then().statusCode(200)
                .body("upstream", equalTo(upstream))
                .body("method", equalTo(method))
                .body("path", equalTo(path))
                .body("headers.x-uptake-tenant", equalTo(tenant.id()))
                .body("headers.x-uptake-key-kind", equalTo(kind.wireName()));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({ "/v1/t, /v1/track", "/v1/i, /v1/identify", "/v1/g, /v1/group", "/v1/p, /v1/page", "/v1/s, /v1/screen",
            "/v1/a, /v1/alias", "/v1/b, /v1/batch", "/v1/import, /v1/batch",
            // analytics-java's default path.
            "/v1/import/, /v1/batch/" })
    void shouldForwardSegmentsOtherNamesForTheTrackingPathsUnderTheirOwn(String alias, String path) {
        withKey(tenant.writeKey()).contentType(ContentType.JSON).body("{}")
                .when().post(alias + "?source=sdk")
                .then().statusCode(200)
                .body("upstream", equalTo("ingestion"))
                .body("path", equalTo(path))
                .body("uri", equalTo(path + "?source=sdk"))
                .body("headers.x-uptake-tenant", equalTo(tenant.id()));
    }

    @ParameterizedTest(name = "{0} key: {1} {2} -> 403")
    @CsvSource({
            "WRITE, GET, /v1/events",
            "WRITE, GET, /v1/accounts",
            "WRITE, POST, /v1/segments",
            "WRITE, GET, /v1/campaigns",
            "WRITE, GET, /v1/track",
            "WRITE, GET, /v1/keys",
            "WRITE, POST, /v1/keys",
            "READ, POST, /v1/track",
            "READ, POST, /v1/batch",
            "READ, POST, /v1/t",
            "READ, POST, /v1/import",
            "READ, GET, /v1/events",
            "READ, GET, /v1/privacy",
            "READ, POST, /v1/segments",
            "READ, DELETE, /v1/campaigns/c1",
            "READ, GET, /v1/keys" })
    void shouldForbidWhenTheKeyKindMayNotCallTheRoute(KeyKind kind, String method, String path) {
        withKey(tenant.key(kind)).contentType(ContentType.JSON).body("{}")
                .when().request(method, path)
                .then().statusCode(403).contentType(PROBLEM)
                .body("type", equalTo("https://uptake.dev/problems/forbidden"))
                .body("status", equalTo(403))
                .body("instance", equalTo(path));
    }

    @ParameterizedTest(name = "no key: {0} {1} -> 401")
    @CsvSource({ "POST, /v1/track", "GET, /v1/accounts", "GET, /v1/campaigns", "GET, /v1/keys", "POST, /v1/batch" })
    void shouldChallengeWhenNoKeyIsSent(String method, String path) {
        given().contentType(ContentType.JSON).body("{}")
                .when().request(method, path)
                .then().statusCode(401).contentType(PROBLEM)
                .header("WWW-Authenticate", equalTo("Basic realm=\"Uptake\", Bearer realm=\"Uptake\""))
                .body("type", equalTo("https://uptake.dev/problems/unauthorized"));
    }

    @ParameterizedTest(name = "invalid {0} key: {1} {2} -> 401")
    @CsvSource({ "WRITE, POST, /v1/track", "WRITE, GET, /v1/inbox/messages", "READ, GET, /v1/accounts",
            "READ, GET, /v1/campaigns", "ADMIN, GET, /v1/events", "ADMIN, GET, /v1/keys" })
    void shouldChallengeAnInvalidKeyOnEveryRouteFamily(KeyKind kind, String method, String path) {
        String key = tenant.key(kind);
        String wrongSecret = key.substring(0, key.length() - 4) + (key.endsWith("zzzz") ? "yyyy" : "zzzz");
        String wrongKind = "upk_" + (kind == KeyKind.ADMIN ? "w" : "a") + key.substring(5);
        for (String presented : new String[] { "nonsense", "upk_w_short_key", wrongSecret, wrongKind }) {
            withKey(presented).contentType(ContentType.JSON).body("{}")
                    .when().request(method, path)
                    .then().statusCode(401).contentType(PROBLEM);
        }
    }

    @ParameterizedTest(name = "revoked {0} key: {1} {2} -> 401")
    @CsvSource({ "WRITE, POST, /v1/track", "READ, GET, /v1/accounts", "READ, GET, /v1/campaigns",
            "ADMIN, GET, /v1/events", "ADMIN, GET, /v1/keys" })
    void shouldChallengeARevokedKeyWhileItsSuccessorStillWorks(KeyKind kind, String method, String path) {
        TestTenants.Tenant rotating = TestTenants.create();
        String successor = TestTenants.issue(rotating.id(), kind);
        withKey(rotating.key(kind)).contentType(ContentType.JSON).body("{}").when().request(method, path)
                .then().statusCode(200);

        TestTenants.revoke(rotating.id(), rotating.key(kind));

        withKey(rotating.key(kind)).contentType(ContentType.JSON).body("{}").when().request(method, path)
                .then().statusCode(401).contentType(PROBLEM);
        withKey(successor).contentType(ContentType.JSON).body("{}").when().request(method, path)
                .then().statusCode(200);
    }

    @Test
    void shouldAcceptTheKeyAsBasicUserNameAsSegmentSdksSendIt() {
        given().auth().preemptive().basic(tenant.writeKey(), "").contentType(ContentType.JSON).body("{}")
                .when().post("/v1/track")
                .then().statusCode(200)
                .body("headers.x-uptake-tenant", equalTo(tenant.id()))
                .body("headers", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("authorization")));
    }

    @Test
    void shouldReadTheWriteKeyFromABatchBodyAndForwardTheBodyUnchanged() {
        String body = "{\"batch\":[{\"type\":\"track\",\"event\":\"Signed Up\",\"userId\":\"u1\"}],"
                + "\"writeKey\":\"" + tenant.writeKey() + "\"}";
        given().contentType(ContentType.JSON).body(body)
                .when().post("/v1/batch")
                .then().statusCode(200)
                .body("upstream", equalTo("ingestion"))
                .body("body", equalTo(body))
                .body("headers.x-uptake-tenant", equalTo(tenant.id()))
                .body("headers.x-uptake-key-kind", equalTo("write"));
    }

    @Test
    void shouldReadTheWriteKeyFromAGzippedBatchBody() throws IOException {
        String body = "{\"writeKey\":\"" + tenant.writeKey() + "\",\"batch\":[]}";
        byte[] gzipped = gzip(body);
        given().contentType(ContentType.JSON).header("Content-Encoding", "gzip").body(gzipped)
                .when().post("/v1/batch")
                .then().statusCode(200)
                .body("headers.x-uptake-tenant", equalTo(tenant.id()))
                .body("headers.content-encoding", equalTo("gzip"))
                .body("bodyBytes", equalTo(gzipped.length));
    }

    @Test
    void shouldReadTheWriteKeyFromASingleCallsBodyAsSegmentsBrowserSdkSendsIt() {
        // analytics.js: the call type's first letter as path, text/plain, the key in the body, no Authorization.
        String body = "{\"type\":\"track\",\"event\":\"Signed Up\",\"userId\":\"u1\",\"writeKey\":\""
                + tenant.writeKey() + "\"}";
        given().contentType("text/plain").header("Origin", "https://app.example").body(body)
                .when().post("/v1/t")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", "https://app.example")
                .body("path", equalTo("/v1/track"))
                .body("body", equalTo(body))
                .body("headers.x-uptake-tenant", equalTo(tenant.id()))
                .body("headers.x-uptake-key-kind", equalTo("write"));
    }

    @Test
    void shouldTakeABatchAsSegmentsMobileSdksSendIt() throws Exception {
        // analytics-kotlin: POST /v1/b, text/plain, gzip, chunked, the key after the whole batch. The JDK client
        // speaks HTTP/2 (h2c), where a request whose body the gateway read was once never answered.
        String body = "{\"batch\":[{\"type\":\"track\",\"event\":\"Opened\",\"userId\":\"u1\"}],"
                + "\"sentAt\":\"2026-12-02T10:00:00Z\",\"writeKey\":\"" + tenant.writeKey() + "\"}";
        byte[] gzipped = gzip(body);
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/v1/b"))
                        .header("Content-Type", "text/plain").header("Content-Encoding", "gzip")
                        .timeout(Duration.ofSeconds(10))
                        // An input stream of unknown length goes out chunked, as HttpURLConnection's streaming mode does.
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(gzipped)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonPath echo = new JsonPath(response.body());
        assertThat(echo.getString("path")).isEqualTo("/v1/batch");
        assertThat(echo.getString("headers.x-uptake-tenant")).isEqualTo(tenant.id());
        assertThat(echo.getInt("bodyBytes")).isEqualTo(gzipped.length);
    }

    @Test
    void shouldRefuseAGzipBombWhoseKeyHidesPastTheInflatedLimit() throws IOException {
        // Small on the wire, 60 MB inflated: the key search must stop at the limit rather than inflate it all.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write("{\"batch\":[],\"padding\":\"".getBytes(StandardCharsets.UTF_8));
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 60; i++) {
                out.write(spaces);
            }
            out.write(("\",\"writeKey\":\"" + tenant.writeKey() + "\"}").getBytes(StandardCharsets.UTF_8));
        }
        given().contentType("text/plain").header("Content-Encoding", "gzip").body(bytes.toByteArray())
                .when().post("/v1/batch")
                .then().statusCode(413).contentType(PROBLEM)
                .body("type", equalTo("https://uptake.dev/problems/payload-too-large"))
                .body("detail", org.hamcrest.Matchers.containsString("decompressed"));
    }

    @Test
    void shouldNotReadAKeyFromTheBodyOfOtherEndpoints() {
        given().contentType(ContentType.JSON).body("{\"writeKey\":\"" + tenant.writeKey() + "\"}")
                .when().post("/v1/privacy/requests")
                .then().statusCode(401);
        // A read key in a tracking body is still only a read key.
        given().contentType(ContentType.JSON).body("{\"writeKey\":\"" + tenant.readKey() + "\"}")
                .when().post("/v1/track")
                .then().statusCode(403);
    }

    @Test
    void shouldLetAdminKeysCallTheKeysApiOnly() {
        withKey(tenant.adminKey()).when().get("/v1/keys")
                .then().statusCode(200)
                .body("items.kind", hasItems("write", "read", "admin"));
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
