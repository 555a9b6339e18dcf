package dev.uptake.scoring.messaging;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;

import dev.uptake.contracts.Signal;
import dev.uptake.kit.messaging.CloudEventRecords;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/** Publishes signals on {@code uptake.signals.v1}, keyed by tenant and subject, with CloudEvents headers. */
@ApplicationScoped
public class SignalPublisher {

    static final String SOURCE = "/uptake/scoring-service";

    private final MutinyEmitter<Signal> emitter;

    public SignalPublisher(@Channel("signals-out") MutinyEmitter<Signal> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publishAll(List<Signal> signals) {
        if (signals.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(signals.stream().map(this::publish).toList()).andFailFast().replaceWithVoid();
    }

    private Uni<Void> publish(Signal signal) {
        return emitter.sendMessage(CloudEventRecords.message(signal, signal.partitionKey(), signal.signalId(),
                Signal.CLOUD_EVENT_TYPE, SOURCE, signal.at()));
    }
}
