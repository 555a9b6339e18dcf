package dev.uptake.campaign.signal.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.uptake.campaign.config.CampaignConfig;
import dev.uptake.campaign.signal.service.SignalIntake;
import dev.uptake.contracts.Signal;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Consumes {@code uptake.signals.v1}. A record that is not a valid Signal fails at once and the channel's
 * dead-letter-queue strategy moves it to {@code uptake.signals.v1.campaign.dlq}, so the partition goes on. A storage
 * failure is retried with back-off first: the partition waits through a short database outage rather than losing
 * order, and only then is the record dead-lettered (whence it can be replayed).
 */
@ApplicationScoped
public class SignalConsumer {

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

    private final SignalReader reader;
    private final SignalIntake intake;
    private final SignalMeters meters;
    private final CampaignConfig.Signals config;

    public SignalConsumer(SignalReader reader, SignalIntake intake, SignalMeters meters, CampaignConfig config) {
        this.reader = reader;
        this.intake = intake;
        this.meters = meters;
        this.config = config.signals();
    }

    @Incoming("signals")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        Signal signal;
        try {
            signal = reader.read(record.value());
        } catch (InvalidSignalException e) {
            Log.warnf("Dead-lettering invalid signal %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            meters.deadLettered(record);
            return Uni.createFrom().failure(e);
        }
        return store(signal)
                .invoke(stored -> meters.received(signal.tenantId(), stored))
                .onFailure().invoke(e -> {
                    Log.errorf("Dead-lettering signal %s at %s-%d@%d after %d storage retries: %s", signal.signalId(),
                            record.topic(), record.partition(), record.offset(), config.storeRetries(), e.toString());
                    meters.deadLettered(record);
                })
                .replaceWithVoid();
    }

    private Uni<Boolean> store(Signal signal) {
        return Uni.createFrom().deferred(() -> intake.record(signal))
                .onFailure().invoke(e -> Log.warnf("Storing signal %s failed, retrying: %s", signal.signalId(),
                        e.toString()))
                .onFailure().retry().withBackOff(FIRST_BACKOFF, config.storeRetryMaxBackoff())
                .atMost(config.storeRetries());
    }
}
