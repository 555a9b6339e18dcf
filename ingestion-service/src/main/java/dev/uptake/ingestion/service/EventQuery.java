package dev.uptake.ingestion.service;

import java.time.Instant;

/** Filters of the event debugger; every one is optional. */
public record EventQuery(String userId, String accountId, String event, String type, Instant from, Instant to,
        int limit, String cursor) {
}
