package dev.uptake.ingestion.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class EventNormalizerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void shouldTurnAnObjectIntoWhatConvertValueGivesValueForValueAndTypeForType() throws Exception {
        EventNormalizer normalizer = new EventNormalizer(MAPPER, null);
        RandomJson random = RandomJson.storable(11);
        for (int i = 0; i < 20_000; i++) {
            // Parsed back from text, as a request is: the node types are the ones parsing makes.
            ObjectNode object = (ObjectNode) MAPPER.readTree(MAPPER.writeValueAsString(random.object()));
            Map<String, Object> expected = MAPPER.convertValue(object, new TypeReference<Map<String, Object>>() {
            });

            Map<String, Object> plain = normalizer.plainObject(object, "properties");

            assertThat(plain).isEqualTo(expected);
            assertThat(MAPPER.writeValueAsString(plain)).isEqualTo(MAPPER.writeValueAsString(expected));
        }
    }
}
