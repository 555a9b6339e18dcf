package dev.uptake.ingestion.service;

import dev.uptake.contracts.TrackedEvent;

/** What became of one incoming call: an event to publish, or the reason it was refused. */
public sealed interface Normalized {

    record Accepted(TrackedEvent event) implements Normalized {
    }

    record Rejected(String messageId, String field, String reason) implements Normalized {
    }
}
