package dev.uptake.contracts;

/** Kafka topic names. Versioned: an incompatible schema gets a new topic. */
public final class Topics {

    /** {@link TrackedEvent}s, keyed by {@link TrackedEvent#partitionKey()}. */
    public static final String EVENTS = "uptake.events.v1";
    /** {@link Signal}s, keyed by {@link Signal#partitionKey()}. */
    public static final String SIGNALS = "uptake.signals.v1";

    /** {@link PrivacyRequest}s that delete data, keyed by tenant and request id. */
    public static final String PRIVACY = "uptake.privacy.v1";

    private Topics() {
    }

    /** Each consuming service has its own dead-letter topic, so one service's poison never reaches another. */
    public static String deadLetter(String topic, String consumer) {
        return topic + "." + consumer + ".dlq";
    }
}
