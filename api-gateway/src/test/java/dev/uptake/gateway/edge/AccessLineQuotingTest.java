package dev.uptake.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The access line is written by hand, so its strings must come out as valid JSON whatever they hold. */
class AccessLineQuotingTest {

    @Test
    void shouldQuoteAnyStringAsJsonThatReadsBackTheSame() throws Exception {
        String nasty = "/v1/a\"b\\c\nd\re\tf\u0001g\u00e9\u2028h";
        String json = RequestLifecycle.quote(new StringBuilder(), nasty).toString();

        assertThat(new ObjectMapper().readValue(json, String.class)).isEqualTo(nasty);
        assertThat(json).doesNotContain("\n").doesNotContain("\u0001");
    }

    @Test
    void shouldWriteNullForAMissingValue() {
        assertThat(RequestLifecycle.quote(new StringBuilder(), null).toString()).isEqualTo("null");
    }

    @Test
    void shouldWriteAnAccessLineWithTheFieldsOfAJsonLogLine() throws Exception {
        String line = RequestLifecycle.accessLine(Instant.parse("2026-12-03T00:01:22.714Z"), "GET", "/v1/a\"b", 404,
                1.25, "scoring", null, "req-1").toString();

        JsonNode entry = new ObjectMapper().readTree(line);
        assertThat(entry.path("timestamp").asText()).isEqualTo("2026-12-03T00:01:22.714Z");
        assertThat(entry.path("level").asText()).isEqualTo("INFO");
        assertThat(entry.path("loggerName").asText()).isEqualTo("dev.uptake.gateway.access");
        assertThat(entry.path("message").asText()).isEqualTo("GET /v1/a\"b 404");
        assertThat(entry.path("path").asText()).isEqualTo("/v1/a\"b");
        assertThat(entry.path("status").asInt()).isEqualTo(404);
        assertThat(entry.path("durationMs").asDouble()).isEqualTo(1.25);
        assertThat(entry.path("tenant").isNull()).isTrue();
        assertThat(entry.path("requestId").asText()).isEqualTo("req-1");
        assertThat(line).doesNotContain("\n");
    }
}
