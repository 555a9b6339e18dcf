package dev.uptake.ingestion.messaging;

import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import dev.uptake.contracts.CloudEventHeaders;
import dev.uptake.contracts.TrackedEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** Publishes accepted events to {@code uptake.events.v1}; the Uni completes when Kafka acknowledged (acks=all). */
@ApplicationScoped
public class EventPublisher {

    static final String SOURCE = "/uptake/ingestion-service";

    private final MutinyEmitter<TrackedEvent> emitter;

    public EventPublisher(@Channel("events-out") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 20_000)
            MutinyEmitter<TrackedEvent> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publishAll(List<TrackedEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(events.stream().map(this::publish).toList()).andFailFast().replaceWithVoid();
    }

    public Uni<Void> publish(TrackedEvent event) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.ID, bytes(event.messageId()));
        headers.add(CloudEventHeaders.TYPE, bytes(TrackedEvent.CLOUD_EVENT_TYPE));
        headers.add(CloudEventHeaders.SOURCE, bytes(SOURCE));
        headers.add(CloudEventHeaders.TIME, bytes(event.receivedAt().toString()));
        headers.add(CloudEventHeaders.SPEC_VERSION, bytes(CloudEventHeaders.SPEC_VERSION_VALUE));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.partitionKey()).withHeaders(headers).build();
        return emitter.sendMessage(Message.of(event).addMetadata(metadata));
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
