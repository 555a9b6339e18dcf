package dev.uptake.scoring;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.uptake.contracts.EventType;
import dev.uptake.contracts.Topics;
import dev.uptake.contracts.TrackedEvent;
import dev.uptake.testsupport.TestTopics;

/** Builds events as ingestion publishes them and sends them to the real topic. */
final class TestEvents {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private TestEvents() {
    }

    static TrackedEvent track(String tenantId, String accountId, String userId, Instant at) {
        return new TrackedEvent(TrackedEvent.SCHEMA_VERSION, tenantId, "m-" + UUID.randomUUID(), EventType.TRACK, userId,
                null, accountId, "Report Built", null, null, null, Map.of(), null, null, at, at, null, at, false);
    }

    static TrackedEvent group(String tenantId, String accountId, String userId, Map<String, Object> traits, Instant at) {
        return new TrackedEvent(TrackedEvent.SCHEMA_VERSION, tenantId, "m-" + UUID.randomUUID(), EventType.GROUP, userId,
                null, accountId, null, null, accountId, null, null, traits, null, at, at, null, at, false);
    }

    static void send(TrackedEvent event) {
        TestTopics.send(Topics.EVENTS, event.partitionKey(), json(event), Map.of("ce_id", event.messageId()));
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
