package dev.uptake.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.uptake.gateway.EchoUpstreams;
import dev.uptake.gateway.TestTenants;
import dev.uptake.testsupport.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Callers that speak HTTP/2 (cleartext h2c here, as the JDK client does; over TLS, as mobile SDKs' OkHttp does): an
 * HTTP/2 request carries no Transfer-Encoding, and once its body has ended it may not be paused or resumed again.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(EchoUpstreams.class)
class Http2Test {

    private static final String BATCH = "{\"batch\":[{\"type\":\"track\",\"event\":\"Opened\",\"userId\":\"u1\"}]}";
    private static TestTenants.Tenant shared;

    @Inject
    CapturedAccessLog output;
    private TestTenants.Tenant tenant;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();

    @BeforeEach
    void upgradeOnce() throws Exception {
        if (shared == null) {
            shared = TestTenants.create();
        }
        tenant = shared;
        // The first call upgrades the connection; the tests' calls are streams of it.
        HttpResponse<String> first = send(post("Bearer " + tenant.writeKey(), HttpRequest.BodyPublishers.ofString(BATCH)));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.version()).isEqualTo(HttpClient.Version.HTTP_2);
    }

    @Test
    void shouldLogTheStatusItAnsweredNotAHangUp() throws Exception {
        String requestId = "http2-access-0001";
        HttpResponse<String> response = send(HttpRequest.newBuilder(post("Bearer " + tenant.writeKey(),
                HttpRequest.BodyPublishers.ofString(BATCH)), (name, value) -> true).header("X-Request-Id", requestId)
                .build());
        assertThat(response.statusCode()).isEqualTo(200);

        String line = await().atMost(Duration.ofSeconds(5)).until(() -> output.lines().stream()
                .filter(l -> l.contains(requestId)).findFirst(), Optional::isPresent).orElseThrow();
        assertThat(new ObjectMapper().readTree(line).path("status").asInt()).isEqualTo(200);
    }

    @Test
    void shouldChallengeACallWithoutKeyWhoseBodyTheEdgeRead() throws Exception {
        HttpResponse<String> response = send(post(null, HttpRequest.BodyPublishers.ofString(BATCH)));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("https://uptake.dev/problems/unauthorized");
    }

    @Test
    void shouldForwardAStreamedBodyOfUnknownLengthWhole() throws Exception {
        byte[] body = padded(200_000);
        HttpResponse<String> response = send(post("Bearer " + tenant.writeKey(),
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode echo = new ObjectMapper().readTree(response.body());
        assertThat(echo.path("bodyBytes").asInt()).isEqualTo(body.length);
        assertThat(echo.path("body").asText()).isEqualTo(new String(body, StandardCharsets.UTF_8));
    }

    @Test
    void shouldRefuseAStreamedBodyOfUnknownLengthOverTheCap() throws Exception {
        // Ingestion's cap is 512,000 bytes.
        HttpResponse<String> response = send(post("Bearer " + tenant.writeKey(),
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(padded(700_000)))));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("https://uptake.dev/problems/payload-too-large");
    }

    /** A batch padded with spaces to {@code size} bytes. */
    private static byte[] padded(int size) {
        return (BATCH + " ".repeat(size - BATCH.length())).getBytes(StandardCharsets.UTF_8);
    }

    private HttpRequest post(String authorization, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                + "/v1/batch")).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json").POST(body);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder.build();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
