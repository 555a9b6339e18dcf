package dev.uptake.scoring.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;

import dev.uptake.contracts.ReplayHeaders;
import dev.uptake.contracts.TrackedEvent;
import dev.uptake.scoring.IncomingEvent;
import dev.uptake.scoring.service.MonthBackfill;
import dev.uptake.scoring.service.OutboxRelay;
import dev.uptake.scoring.service.RollupService;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Consumes {@code uptake.events.v1} in micro-batches. A record that cannot be read goes to the dead-letter topic and
 * the batch goes on; storage that is away is waited for, so the partition waits rather than loses anything.
 */
@ApplicationScoped
public class EventConsumer {

    private static final Duration FIRST_BACK_OFF = Duration.ofMillis(200);
    private static final Duration MAX_BACK_OFF = Duration.ofSeconds(5);
    private static final int OTHER_FAILURE_ATTEMPTS = 20;

    private final ObjectMapper mapper;
    private final RollupService rollups;
    private final OutboxRelay relay;
    private final DeadLetters deadLetters;
    private final MonthBackfill monthBackfill;
    private final Timer applyTimer;
    private final Timer relayTimer;
    private final DistributionSummary batchSizes;

    public EventConsumer(ObjectMapper mapper, RollupService rollups, OutboxRelay relay, DeadLetters deadLetters,
            MonthBackfill monthBackfill, MeterRegistry meters) {
        this.monthBackfill = monthBackfill;
        this.mapper = mapper;
        this.rollups = rollups;
        this.relay = relay;
        this.deadLetters = deadLetters;
        this.applyTimer = meters.timer("uptake.scoring.batch.apply");
        this.relayTimer = meters.timer("uptake.scoring.batch.relay");
        this.batchSizes = meters.summary("uptake.scoring.batch.records");
    }

    @Incoming("events")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        List<IncomingEvent> events = new ArrayList<>(records.count());
        List<Uni<Void>> rejected = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                events.add(positioned(read(record.value()), record));
            } catch (Exception e) {
                Log.warnf("Dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                        e.getMessage());
                rejected.add(deadLetters.send(record, e));
            }
        }
        batchSizes.record(records.count());
        Uni<Void> deadLettered = rejected.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(rejected).andFailFast().replaceWithVoid();
        Timer.Sample applying = Timer.start();
        return deadLettered
                // Nothing is applied before the account months' backfill has finished: it reads days a batch would move.
                .chain(() -> retried(Uni.createFrom()
                        .deferred(() -> monthBackfill.ready().chain(() -> rollups.apply(events))).onFailure()
                        .invoke(e -> Log.warnf("Applying %d events failed, retrying: %s", events.size(), e.toString())),
                        FIRST_BACK_OFF, MAX_BACK_OFF, OTHER_FAILURE_ATTEMPTS))
                .invoke(() -> applying.stop(applyTimer))
                .chain(() -> {
                    Timer.Sample relaying = Timer.start();
                    return relay.publishPending().invoke(() -> relaying.stop(relayTimer));
                })
                .replaceWithVoid();
    }

    /**
     * Storage that is away (unreachable, timing out, electing a primary) is waited for however long it takes, so the
     * partition waits and nothing is lost; any other failure is retried a few times and then fails the batch, which
     * the channel dead-letters, so one batch that can never be applied does not stop the partition for good.
     */
    static <T> Uni<T> retried(Uni<T> apply, Duration first, Duration max, int otherFailureAttempts) {
        return apply
                .onFailure(EventConsumer::storageAway).retry().withBackOff(first, max).indefinitely()
                .onFailure().retry().withBackOff(first, max).atMost(otherFailureAttempts);
    }

    static boolean storageAway(Throwable failure) {
        return failure instanceof MongoSocketException || failure instanceof MongoTimeoutException
                || failure instanceof MongoExecutionTimeoutException || failure instanceof MongoNotPrimaryException
                || failure instanceof MongoNodeIsRecoveringException;
    }

    /**
     * A replayed event counts at the position it was first published at, so the watermarks skip it wherever the
     * original was applied.
     */
    static IncomingEvent positioned(TrackedEvent event, ConsumerRecord<String, String> record) {
        Header partition = record.headers().lastHeader(ReplayHeaders.ORIGIN_PARTITION);
        Header offset = record.headers().lastHeader(ReplayHeaders.ORIGIN_OFFSET);
        if (partition != null && offset != null) {
            return new IncomingEvent(event, Integer.parseInt(new String(partition.value(), StandardCharsets.UTF_8)),
                    Long.parseLong(new String(offset.value(), StandardCharsets.UTF_8)));
        }
        return new IncomingEvent(event, record.partition(), record.offset());
    }

    private TrackedEvent read(String value) throws Exception {
        if (value == null) {
            throw new IllegalArgumentException("empty record");
        }
        TrackedEvent event = mapper.readValue(value, TrackedEvent.class);
        if (event.schemaVersion() != TrackedEvent.SCHEMA_VERSION) {
            throw new IllegalArgumentException("unsupported schemaVersion " + event.schemaVersion());
        }
        if (event.tenantId() == null || event.messageId() == null || event.type() == null || event.timestamp() == null) {
            throw new IllegalArgumentException("tenantId, messageId, type and timestamp are required");
        }
        return event;
    }
}
