package dev.uptake.gateway.edge;

import static dev.uptake.gateway.TestTenants.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.uptake.gateway.EchoUpstreams;
import dev.uptake.gateway.TestTenants;
import dev.uptake.testsupport.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** One JSON access line per request, with what operators need and nothing that could hold a key or personal data. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(EchoUpstreams.class)
class AccessLogTest {

    private static final Logger ACCESS = Logger.getLogger("dev.uptake.gateway.access");
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void capture() {
        ACCESS.addHandler(capture);
    }

    @AfterEach
    void release() {
        ACCESS.removeHandler(capture);
    }

    @Test
    void shouldLogOneJsonLinePerRequestWithoutKeysQueryOrBody() throws Exception {
        TestTenants.Tenant tenant = TestTenants.create();
        String requestId = "access-log-test-0001";
        withKey(tenant.writeKey()).header("X-Request-Id", requestId).contentType(ContentType.JSON)
                .queryParam("writeKey", tenant.writeKey()).body("{\"email\":\"ada@example.com\"}")
                .when().post("/v1/track").then().statusCode(200);

        await().atMost(Duration.ofSeconds(5)).until(() -> lines.stream().anyMatch(line -> line.contains(requestId)));
        String line = lines.stream().filter(l -> l.contains(requestId)).findFirst().orElseThrow();
        JsonNode entry = new ObjectMapper().readTree(line);
        assertThat(entry.path("method").asText()).isEqualTo("POST");
        assertThat(entry.path("path").asText()).isEqualTo("/v1/track");
        assertThat(entry.path("status").asInt()).isEqualTo(200);
        assertThat(entry.path("family").asText()).isNotEmpty();
        assertThat(entry.path("tenant").asText()).isEqualTo(tenant.id());
        assertThat(entry.has("durationMs")).isTrue();
        assertThat(line).doesNotContain(tenant.writeKey()).doesNotContain("writeKey").doesNotContain("ada@example.com");
    }
}
