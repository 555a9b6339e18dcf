package dev.uptake.campaign.signal.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.uptake.campaign.config.CampaignConfig;
import dev.uptake.campaign.signal.service.SignalIntake;
import dev.uptake.contracts.Signal;
import dev.uptake.kit.messaging.DeadLetterRecords;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Consumes {@code uptake.signals.v1} in polled batches, stored with one statement each (a round trip per signal was
 * most of the service's CPU under load). A record that is not a valid Signal is sent to
 * {@code uptake.signals.v1.campaign.dlq} alone and the rest of its batch goes on. A storage failure is retried with
 * back-off first: the partition waits through a short database outage rather than losing order, and only then does
 * the channel's dead-letter strategy take the batch (whence it can be replayed).
 */
@ApplicationScoped
public class SignalConsumer {

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

    private final SignalReader reader;
    private final SignalIntake intake;
    private final SignalMeters meters;
    private final MutinyEmitter<String> deadLetters;
    private final CampaignConfig.Signals config;

    public SignalConsumer(SignalReader reader, SignalIntake intake, SignalMeters meters,
            @Channel("signals-dlq") MutinyEmitter<String> deadLetters, CampaignConfig config) {
        this.reader = reader;
        this.intake = intake;
        this.meters = meters;
        this.deadLetters = deadLetters;
        this.config = config.signals();
    }

    @Incoming("signals")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        List<Signal> signals = new ArrayList<>(records.count());
        List<ConsumerRecord<String, String>> readable = new ArrayList<>(records.count());
        List<Uni<Void>> poison = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                signals.add(reader.read(record.value()));
                readable.add(record);
            } catch (InvalidSignalException e) {
                Log.warnf("Dead-lettering invalid signal %s-%d@%d: %s", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
                meters.deadLettered(record);
                poison.add(deadLetters.sendMessage(DeadLetterRecords.message(record, e)));
            }
        }
        Uni<Void> deadLettered = poison.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(poison).andFailFast().replaceWithVoid();
        return deadLettered.chain(() -> store(signals))
                .invoke(inserted -> count(signals, inserted))
                .onFailure().invoke(e -> {
                    // The channel dead-letters the whole batch; the poison records in it are counted already.
                    Log.errorf("Dead-lettering a batch of %d records after %d storage retries: %s", records.count(),
                            config.storeRetries(), e.toString());
                    readable.forEach(meters::deadLettered);
                })
                .replaceWithVoid();
    }

    private Uni<Set<String>> store(List<Signal> signals) {
        if (signals.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return Uni.createFrom().deferred(() -> intake.record(signals))
                .onFailure().invoke(e -> {
                    meters.storeFailed();
                    Log.warnf("Storing %d signals failed, retrying: %s", signals.size(), e.toString());
                })
                .onFailure().retry().withBackOff(FIRST_BACKOFF, config.storeRetryMaxBackoff())
                .atMost(config.storeRetries());
    }

    /** The first copy of a new id was stored; every other copy, in this batch or before it, is a redelivery. */
    private void count(List<Signal> signals, Set<String> inserted) {
        Set<String> unclaimed = new HashSet<>(inserted);
        signals.forEach(signal -> meters.received(signal.tenantId(), unclaimed.remove(signal.signalId())));
    }
}
