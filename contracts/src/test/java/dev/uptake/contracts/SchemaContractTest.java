package dev.uptake.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The JSON Schemas are the published contract; the records must never drift from them. */
class SchemaContractTest {

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void shouldDescribeEveryTrackedEventFieldInTheSchema() throws IOException {
        assertThat(schemaProperties("tracked-event.v1")).containsExactlyInAnyOrderElementsOf(componentNames(TrackedEvent.class));
    }

    @Test
    void shouldDescribeEverySignalFieldInTheSchema() throws IOException {
        assertThat(schemaProperties("signal.v1")).containsExactlyInAnyOrderElementsOf(componentNames(Signal.class));
    }

    @Test
    void shouldDescribeEveryPrivacyRequestFieldInTheSchema() throws IOException {
        assertThat(schemaProperties("privacy-request.v1")).containsExactlyInAnyOrderElementsOf(
                componentNames(PrivacyRequest.class));
    }

    @Test
    void shouldSerialiseAPrivacyRequestWithTheTypesTheSchemaDeclares() throws IOException {
        PrivacyRequest request = new PrivacyRequest(PrivacyRequest.SCHEMA_VERSION, "r-1", "acme",
                PrivacyRequest.Type.SUPPRESS_WITH_DELETE, java.util.List.of("u-1", "u-2"),
                Instant.parse("2026-01-02T03:04:05Z"));

        JsonNode json = mapper.valueToTree(request);

        assertConforms(json, schema("privacy-request.v1"));
        assertThat(mapper.treeToValue(json, PrivacyRequest.class)).isEqualTo(request);
        assertThat(request.type().deletes()).isTrue();
        assertThat(request.type().suppresses()).isTrue();
        assertThat(PrivacyRequest.Type.UNSUPPRESS.deletes()).isFalse();
    }

    @Test
    void shouldSerialiseATrackedEventWithTheTypesTheSchemaDeclares() throws IOException {
        TrackedEvent event = new TrackedEvent(TrackedEvent.SCHEMA_VERSION, "acme", "m-1", EventType.TRACK, "u-1", null,
                "a-1", "Report Built", null, null, null, Map.of("rows", 3), null, Map.of("groupId", "a-1"),
                Instant.parse("2026-01-02T03:04:05Z"), Instant.parse("2026-01-02T03:04:06Z"), null,
                Instant.parse("2026-01-02T03:04:07Z"), false);

        JsonNode json = mapper.valueToTree(event);

        assertConforms(json, schema("tracked-event.v1"));
        assertThat(json.get("type").asText()).isEqualTo("track");
        assertThat(json.has("anonymousId")).as("absent fields are omitted, not null").isFalse();
        assertThat(mapper.treeToValue(json, TrackedEvent.class)).isEqualTo(event);
    }

    @Test
    void shouldSerialiseASignalWithTheTypesTheSchemaDeclares() throws IOException {
        Signal signal = Signal.of("acme", SubjectType.ACCOUNT, "a-1", "lifecycle", "new", "active",
                Instant.parse("2026-01-02T03:04:05Z"), false);

        JsonNode json = mapper.valueToTree(signal);

        assertConforms(json, schema("signal.v1"));
        assertThat(json.get("subjectType").asText()).isEqualTo("account");
        assertThat(mapper.treeToValue(json, Signal.class)).isEqualTo(signal);
    }

    @Test
    void shouldReadPastFieldsANewerProducerAddedEvenWhereTheServicesRefuseUnknownFields() throws IOException {
        // The services' mapper refuses unknown fields in request bodies; records on Kafka must still be read.
        ObjectMapper strict = mapper.copy().enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        Signal signal = Signal.of("acme", SubjectType.ACCOUNT, "a-1", "lifecycle", "new", "active",
                Instant.parse("2026-01-02T03:04:05Z"), false);
        PrivacyRequest request = new PrivacyRequest(PrivacyRequest.SCHEMA_VERSION, "r-1", "acme",
                PrivacyRequest.Type.DELETE, List.of("u-1"), Instant.parse("2026-01-02T03:04:05Z"));
        TrackedEvent event = new TrackedEvent(TrackedEvent.SCHEMA_VERSION, "acme", "m-1", EventType.TRACK, "u-1", null,
                "a-1", "Report Built", null, null, null, null, null, null, Instant.parse("2026-01-02T03:04:05Z"), null,
                null, Instant.parse("2026-01-02T03:04:07Z"), false);

        for (Record record : List.<Record>of(signal, request, event)) {
            com.fasterxml.jackson.databind.node.ObjectNode json = mapper.valueToTree(record);
            json.put("addedLater", "by a newer producer");

            assertThat(strict.treeToValue(json, record.getClass())).isEqualTo(record);
        }
    }

    @Test
    void shouldGiveTheSameTransitionTheSameSignalIdAndADifferentOneADifferentId() {
        Instant at = Instant.parse("2026-01-02T03:04:05Z");
        Signal first = Signal.of("acme", SubjectType.USER, "u-1", "segment", "casual", "power", at, false);
        Signal again = Signal.of("acme", SubjectType.USER, "u-1", "segment", "casual", "power", at, true);
        Signal otherTenant = Signal.of("globex", SubjectType.USER, "u-1", "segment", "casual", "power", at, false);

        assertThat(again.signalId()).isEqualTo(first.signalId());
        assertThat(otherTenant.signalId()).isNotEqualTo(first.signalId());
    }

    @Test
    void shouldKeyEventsByAccountBeforeActor() {
        TrackedEvent attributed = new TrackedEvent(1, "acme", "m", EventType.TRACK, "u-1", null, "a-9", "x", null,
                null, null, null, null, null, Instant.EPOCH, null, null, Instant.EPOCH, false);
        TrackedEvent anonymous = new TrackedEvent(1, "acme", "m", EventType.PAGE, null, "anon-7", null, null, "Home",
                null, null, null, null, null, Instant.EPOCH, null, null, Instant.EPOCH, false);

        assertThat(attributed.partitionKey()).isEqualTo("acme/a-9");
        assertThat(anonymous.partitionKey()).isEqualTo("acme/anon-7");
    }

    private static void assertConforms(JsonNode json, JsonNode schema) {
        JsonNode properties = schema.get("properties");
        for (JsonNode required : schema.get("required")) {
            assertThat(json.has(required.asText())).as("required field %s", required.asText()).isTrue();
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = json.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode declared = properties.get(field.getKey());
            assertThat(declared).as("field %s is declared", field.getKey()).isNotNull();
            if (declared.has("type")) {
                assertThat(jsonType(field.getValue())).as("type of %s", field.getKey())
                        .isEqualTo(declared.get("type").asText());
            }
            if (declared.has("enum")) {
                assertThat(declared.get("enum")).as("enum of %s", field.getKey()).contains(field.getValue());
            }
        }
    }

    private static String jsonType(JsonNode value) {
        if (value.isTextual()) {
            return "string";
        }
        if (value.isIntegralNumber()) {
            return "integer";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        if (value.isArray()) {
            return "array";
        }
        return value.isObject() ? "object" : value.getNodeType().name().toLowerCase();
    }

    private JsonNode schema(String name) throws IOException {
        try (InputStream in = TrackedEvent.class.getResourceAsStream("schemas/" + name + ".schema.json")) {
            assertThat(in).as("schema %s on the classpath", name).isNotNull();
            return mapper.readTree(in);
        }
    }

    private List<String> schemaProperties(String name) throws IOException {
        List<String> names = new ArrayList<>();
        schema(name).get("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> componentNames(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(c -> c.getName()).toList();
    }
}
