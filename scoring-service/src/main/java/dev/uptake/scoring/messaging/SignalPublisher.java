package dev.uptake.scoring.messaging;

import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.uptake.contracts.CloudEventHeaders;
import dev.uptake.contracts.Signal;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

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
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.ID, bytes(signal.signalId()));
        headers.add(CloudEventHeaders.TYPE, bytes(Signal.CLOUD_EVENT_TYPE));
        headers.add(CloudEventHeaders.SOURCE, bytes(SOURCE));
        headers.add(CloudEventHeaders.TIME, bytes(signal.at().toString()));
        headers.add(CloudEventHeaders.SPEC_VERSION, bytes(CloudEventHeaders.SPEC_VERSION_VALUE));
        return emitter.sendMessage(Message.of(signal).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(signal.partitionKey()).withHeaders(headers).build()));
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
