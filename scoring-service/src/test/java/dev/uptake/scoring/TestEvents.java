package dev.uptake.scoring;

import java.time.Instant;
import java.util.HashMap;
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
        return track(tenantId, accountId, userId, "Report Built", at);
    }

    static TrackedEvent track(String tenantId, String accountId, String userId, String event, Instant at) {
        return track(tenantId, accountId, userId, event, Map.of(), null, at);
    }

    static TrackedEvent track(String tenantId, String accountId, String userId, String event,
            Map<String, Object> properties, String sessionId, Instant at) {
        Map<String, Object> context = sessionId == null ? null : Map.of("sessionId", sessionId);
        return new TrackedEvent(TrackedEvent.SCHEMA_VERSION, tenantId, "m-" + UUID.randomUUID(), EventType.TRACK, userId,
                null, accountId, event, null, null, null, properties, null, context, at, at, null, at, false);
    }

    static TrackedEvent group(String tenantId, String accountId, String userId, Map<String, Object> traits, Instant at) {
        return new TrackedEvent(TrackedEvent.SCHEMA_VERSION, tenantId, "m-" + UUID.randomUUID(), EventType.GROUP, userId,
                null, accountId, null, null, accountId, null, null, traits, null, at, at, null, at, false);
    }

    static TrackedEvent identify(String tenantId, String userId, Map<String, Object> traits, Instant at) {
        return new TrackedEvent(TrackedEvent.SCHEMA_VERSION, tenantId, "m-" + UUID.randomUUID(), EventType.IDENTIFY,
                userId, null, null, null, null, null, null, null, traits, null, at, at, null, at, false);
    }

    static TrackedEvent historical(TrackedEvent event) {
        return new TrackedEvent(event.schemaVersion(), event.tenantId(), event.messageId(), event.type(),
                event.userId(), event.anonymousId(), event.accountId(), event.event(), event.name(), event.groupId(),
                event.previousId(), event.properties(), event.traits(), event.context(), event.timestamp(),
                event.originalTimestamp(), event.sentAt(), event.receivedAt(), true);
    }

    static Map<String, Object> traits(Object... pairs) {
        Map<String, Object> traits = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            traits.put((String) pairs[i], pairs[i + 1]);
        }
        return traits;
    }

    /** Sends in order through one producer: events of one key keep their order on their partition. */
    static void sendAll(java.util.List<TrackedEvent> events) {
        try (org.apache.kafka.clients.producer.KafkaProducer<String, String> producer =
                new org.apache.kafka.clients.producer.KafkaProducer<>(Map.of(
                        "bootstrap.servers", dev.uptake.testsupport.KafkaTestResource.broker().bootstrapServers(),
                        "acks", "all", "enable.idempotence", "true"),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            for (TrackedEvent event : events) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.EVENTS, event.partitionKey(),
                        json(event)));
            }
            producer.flush();
        }
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
