package dev.uptake.ingestion.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.conversions.Bson;

import com.mongodb.client.model.Filters;

import dev.uptake.ingestion.config.IngestionConfig;
import dev.uptake.ingestion.repository.EventArchive;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Deletes archived events older than the retention. A scheduled purge rather than a TTL index, because the Mongo
 * stand-in never expires documents. Whatever their timestamp, events stay at least the dedupe window after they were
 * received, so a backfill of old data still cannot be accepted twice.
 */
@ApplicationScoped
public class ArchiveRetention {

    static final Duration DEDUPE_WINDOW = Duration.ofDays(7);

    private final EventArchive archive;
    private final IngestionConfig config;
    private final Clock clock;

    public ArchiveRetention(EventArchive archive, IngestionConfig config, Clock clock) {
        this.archive = archive;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${uptake.ingestion.archive.purge-every:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledPurge() {
        return purge(clock.instant()).invoke(deleted -> {
            if (deleted > 0) {
                Log.infof("Retention purge deleted %d archived events", deleted);
            }
        }).replaceWithVoid();
    }

    /** Deletes old events and their claims by one rule, so dedupe lasts exactly as long as the archive. */
    public Uni<Long> purge(Instant now) {
        Bson expired = Filters.and(
                Filters.lt("timestamp", Date.from(now.minus(config.archive().retention()))),
                Filters.lt("receivedAt", Date.from(now.minus(DEDUPE_WINDOW))));
        return archive.purge(expired);
    }
}
