package dev.uptake.ingestion.service;

import java.util.List;

/** What one request did: how many events were accepted, how many were seen before, and what was refused. */
public record IngestResult(int accepted, int duplicates, List<Rejection> rejected) {

    public record Rejection(int index, String messageId, String reason) {
    }
}
