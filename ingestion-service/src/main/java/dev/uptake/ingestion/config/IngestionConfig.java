package dev.uptake.ingestion.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits and windows of the tracking API. */
@ConfigMapping(prefix = "uptake.ingestion")
public interface IngestionConfig {

    /** Largest request body after gzip decompression (Segment's limit). */
    @WithDefault("512000")
    int maxBodyBytes();

    /** Largest single event, serialised (Segment's limit). */
    @WithDefault("32768")
    int maxEventBytes();

    @WithDefault("32")
    int maxNestingDepth();

    /** Most fields in one event's properties and traits, counted through nested objects. */
    @WithDefault("1000")
    int maxProperties();

    /** Events whose corrected timestamp is further ahead than this are rejected. */
    @WithDefault("PT1H")
    Duration maxFutureSkew();

    /** Older events are historical: they update metrics but never fire live triggers. */
    @WithDefault("PT48H")
    Duration liveWindow();

    /**
     * How long a request's events may wait to be handed to Kafka; not handed over by then, none is sent and the
     * request is answered 503. Once handed over, the producer settles each within max.block.ms + delivery.timeout.ms.
     */
    @WithDefault("PT1S")
    Duration publishTimeout();

    /**
     * A claim's events are handed to Kafka within this long of the claim, or not at all, whatever came between (a
     * slow claim write, a takeover's lookup): a retry that takes a claim over reads only this window after each earlier
     * attempt's claim for what it may have sent. Well under {@link #staleClaimAfter()}.
     */
    @WithDefault("PT5S")
    Duration claimSendLimit();

    /** Seconds a client is told to wait (Retry-After) when Kafka is unavailable. */
    @WithDefault("5")
    int retryAfterSeconds();

    /**
     * Tracking requests one replica works on at once; beyond them a request is refused at once with 503 and
     * Retry-After rather than queued behind the others (whose latency would then grow without bound).
     */
    @WithDefault("64")
    int maxConcurrentRequests();

    /** A claim left unpublished this long (a crash mid-request) may be published by a retry. */
    @WithDefault("PT30S")
    Duration staleClaimAfter();

    Archive archive();

    interface Archive {
        /** Raw events are kept this long; renewal analysis needs more than a year. */
        @WithDefault("P400D")
        Duration retention();

        @WithDefault("500")
        int maxPageSize();
    }
}
