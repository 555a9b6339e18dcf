package dev.uptake.gateway.edge;

import static dev.uptake.gateway.TestTenants.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.uptake.gateway.EchoUpstreams;
import dev.uptake.gateway.TestTenants;
import dev.uptake.testsupport.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** One JSON access line per request, with what operators need and nothing that could hold a key or personal data. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(EchoUpstreams.class)
class AccessLogTest {

    @Inject
    CapturedAccessLog output;

    @Test
    void shouldLogOneJsonLinePerRequestWithoutKeysQueryOrBody() throws Exception {
        TestTenants.Tenant tenant = TestTenants.create();
        String requestId = "access-log-test-0001";
        withKey(tenant.writeKey()).header("X-Request-Id", requestId).contentType(ContentType.JSON)
                .queryParam("writeKey", tenant.writeKey()).body("{\"email\":\"ada@example.com\"}")
                .when().post("/v1/track").then().statusCode(200);

        String line = await().atMost(Duration.ofSeconds(5)).until(() -> output.lines().stream()
                .filter(l -> l.contains(requestId)).findFirst(), Optional::isPresent).orElseThrow();
        JsonNode entry = new ObjectMapper().readTree(line);
        assertThat(entry.path("level").asText()).isEqualTo("INFO");
        assertThat(entry.path("loggerName").asText()).isEqualTo("dev.uptake.gateway.access");
        assertThat(entry.path("message").asText()).isEqualTo("POST /v1/track 200");
        assertThat(Instant.parse(entry.path("timestamp").asText())).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
        assertThat(entry.path("requestId").asText()).isEqualTo(requestId);
        assertThat(entry.path("method").asText()).isEqualTo("POST");
        assertThat(entry.path("path").asText()).isEqualTo("/v1/track");
        assertThat(entry.path("status").asInt()).isEqualTo(200);
        assertThat(entry.path("family").asText()).isNotEmpty();
        assertThat(entry.path("tenant").asText()).isEqualTo(tenant.id());
        assertThat(entry.has("durationMs")).isTrue();
        assertThat(line).doesNotContain(tenant.writeKey()).doesNotContain("writeKey").doesNotContain("ada@example.com");
    }

    @Test
    void shouldLog499WhenTheCallerHangsUpBeforeTheAnswer() throws Exception {
        TestTenants.Tenant tenant = TestTenants.create();
        String requestId = "access-log-test-0002";
        // A chunked body the edge reads before forwarding; the caller leaves after its first chunk.
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.getOutputStream().write(("POST /v1/batch HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + tenant.writeKey() + "\r\nX-Request-Id: " + requestId + "\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            Thread.sleep(200);
        }

        String line = await().atMost(Duration.ofSeconds(5)).until(() -> output.lines().stream()
                .filter(l -> l.contains(requestId)).findFirst(), Optional::isPresent).orElseThrow();
        JsonNode entry = new ObjectMapper().readTree(line);
        assertThat(entry.path("status").asInt()).isEqualTo(499);
        assertThat(entry.path("message").asText()).isEqualTo("POST /v1/batch 499");
    }
}
