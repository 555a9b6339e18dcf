package dev.uptake.ingestion;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Test data builder for Segment calls. */
final class Events {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Object> fields = new LinkedHashMap<>();

    private Events() {
    }

    static Events track(String userId, String event) {
        return new Events().with("userId", userId).with("event", event).with("messageId", uniqueId());
    }

    static Events call(String type) {
        return new Events().with("type", type).with("messageId", uniqueId());
    }

    static String uniqueId() {
        return "m-" + UUID.randomUUID();
    }

    Events with(String field, Object value) {
        if (value == null) {
            fields.remove(field);
        } else {
            fields.put(field, value);
        }
        return this;
    }

    Events at(Instant timestamp) {
        return with("timestamp", timestamp.toString());
    }

    Events account(String accountId) {
        return with("context", Map.of("groupId", accountId));
    }

    String messageId() {
        return (String) fields.get("messageId");
    }

    Map<String, Object> asMap() {
        return fields;
    }

    String json() {
        return write(fields);
    }

    static String batch(List<Events> items, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>(extra);
        body.put("batch", items.stream().map(Events::asMap).toList());
        return write(body);
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
