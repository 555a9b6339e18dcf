package dev.uptake.campaign.signal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.uptake.contracts.CloudEventHeaders;
import dev.uptake.contracts.Signal;
import dev.uptake.contracts.SubjectType;
import dev.uptake.contracts.Topics;
import dev.uptake.testsupport.TestTopics;

/** Builds signals as scoring publishes them and sends them to the real topic, key and CloudEvents headers included. */
final class TestSignals {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    // Distinct times give distinct signal ids for otherwise equal transitions.
    private static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private TestSignals() {
    }

    static Signal lifecycle(String tenantId, String accountId) {
        return Signal.of(tenantId, SubjectType.ACCOUNT, accountId, "lifecycle", "new", "active", nextInstant(), false);
    }

    static Signal historical(String tenantId, String accountId) {
        return Signal.of(tenantId, SubjectType.ACCOUNT, accountId, "health", "green", "red", nextInstant(), true);
    }

    static Signal firstSegment(String tenantId, String userId) {
        return Signal.of(tenantId, SubjectType.USER, userId, "segment", null, "power-users", nextInstant(), false);
    }

    static void send(Signal signal) {
        TestTopics.send(Topics.SIGNALS, signal.partitionKey(), json(signal), Map.of(
                CloudEventHeaders.ID, signal.signalId(),
                CloudEventHeaders.TYPE, Signal.CLOUD_EVENT_TYPE,
                CloudEventHeaders.SOURCE, "/uptake/scoring-service",
                CloudEventHeaders.TIME, signal.at().toString(),
                CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE));
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant nextInstant() {
        return BASE.plusSeconds(SEQUENCE.incrementAndGet());
    }
}
