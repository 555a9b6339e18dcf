package dev.uptake.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}
