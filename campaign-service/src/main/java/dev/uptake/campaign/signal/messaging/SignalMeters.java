package dev.uptake.campaign.signal.messaging;

import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.micrometer.core.instrument.MeterRegistry;

/** Counters an operator watches on the signal consumer, tagged by tenant. */
@ApplicationScoped
public class SignalMeters {

    static final String RECEIVED = "uptake.campaign.signals.received";
    static final String DUPLICATES = "uptake.campaign.signals.duplicates";
    static final String DEAD_LETTERED = "uptake.campaign.signals.dead-lettered";
    static final String STORE_FAILURES = "uptake.campaign.signals.store-failures";

    // A poison record's key is untrusted: only a plausible tenant id becomes a tag, so tags stay few.
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final String UNKNOWN_TENANT = "unknown";

    private final MeterRegistry registry;

    public SignalMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A valid signal was read; a redelivery also counts as a duplicate. */
    void received(String tenantId, boolean stored) {
        registry.counter(RECEIVED, "tenant", tenantId).increment();
        if (!stored) {
            registry.counter(DUPLICATES, "tenant", tenantId).increment();
        }
    }

    /** A batch could not be stored this time; it is retried, so a rising count means a database in trouble. */
    void storeFailed() {
        registry.counter(STORE_FAILURES).increment();
    }

    void deadLettered(ConsumerRecord<String, String> record) {
        registry.counter(DEAD_LETTERED, "tenant", tenantOf(record.key())).increment();
    }

    /** The tenant part of a {@code tenant/subject} partition key. */
    private static String tenantOf(String key) {
        if (key == null || key.indexOf('/') < 1) {
            return UNKNOWN_TENANT;
        }
        String tenant = key.substring(0, key.indexOf('/'));
        return TENANT.matcher(tenant).matches() ? tenant : UNKNOWN_TENANT;
    }
}
