package dev.uptake.campaign.signal.messaging;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.uptake.contracts.Signal;

/**
 * Reads a record value as a {@link Signal} v1 and checks what the JSON schema requires. {@code historical} must be
 * present: read as false by default, a backfilled signal would look live and could fire playbooks.
 */
@ApplicationScoped
public class SignalReader {

    private static final List<String> REQUIRED = List.of("schemaVersion", "signalId", "tenantId", "subjectType",
            "subjectId", "kind", "to", "at", "historical");

    private final ObjectMapper mapper;

    public SignalReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Signal read(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidSignalException("empty record");
        }
        JsonNode tree = parse(value);
        if (!tree.isObject()) {
            throw new InvalidSignalException("not a JSON object");
        }
        int schemaVersion = tree.path("schemaVersion").asInt(-1);
        if (schemaVersion != Signal.SCHEMA_VERSION) {
            throw new InvalidSignalException("unsupported schemaVersion " + tree.path("schemaVersion").asText());
        }
        List<String> missing = REQUIRED.stream().filter(field -> absent(tree.path(field))).toList();
        if (!missing.isEmpty()) {
            throw new InvalidSignalException("missing " + String.join(", ", missing));
        }
        if (!tree.path("historical").isBoolean()) {
            throw new InvalidSignalException("historical must be true or false");
        }
        try {
            return mapper.treeToValue(tree, Signal.class);
        } catch (JsonProcessingException e) {
            // Jackson's message names Java types; say which field instead.
            throw new InvalidSignalException("invalid value for " + fieldOf(e));
        }
    }

    private JsonNode parse(String value) {
        try {
            return mapper.readTree(value);
        } catch (JsonProcessingException e) {
            throw new InvalidSignalException("not JSON");
        }
    }

    private static boolean absent(JsonNode field) {
        return field.isMissingNode() || field.isNull() || (field.isTextual() && field.asText().isBlank());
    }

    private static String fieldOf(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String name = mapping.getPath().get(mapping.getPath().size() - 1).getFieldName();
            return name == null ? "?" : name;
        }
        return "?";
    }
}
