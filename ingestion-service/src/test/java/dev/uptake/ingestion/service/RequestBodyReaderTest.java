package dev.uptake.ingestion.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

class RequestBodyReaderTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void shouldBoundTheSerialisedSizeOfAnyTreeFromAbove() throws Exception {
        RandomJson random = new RandomJson(7);
        for (int i = 0; i < 20_000; i++) {
            JsonNode tree = random.tree();
            assertThat(RequestBodyReader.sizeBound(tree)).as(tree.toString())
                    .isGreaterThanOrEqualTo(MAPPER.writeValueAsBytes(tree).length);
        }
    }

    @Test
    void shouldLeaveBigNumbersToTheExactCount() {
        ObjectNode event = JsonNodeFactory.instance.objectNode().put("total", new BigDecimal("1e400"));
        assertThat(RequestBodyReader.sizeBound(event)).isEqualTo(Long.MAX_VALUE);
    }
}
