package dev.uptake.ingestion.messaging;

import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import dev.uptake.contracts.ReplayHeaders;
import dev.uptake.contracts.TrackedEvent;
import dev.uptake.kit.messaging.CloudEventRecords;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.OutgoingMessageMetadata;

/**
 * Publishes events to {@code uptake.events.v1}; the Uni completes when Kafka acknowledged (acks=all) and tells where
 * each event landed, which the archive keeps so a replay can name the original position.
 */
@ApplicationScoped
public class EventPublisher {

    static final String SOURCE = "/uptake/ingestion-service";

    /** Where Kafka stored a record. */
    public record Position(int partition, long offset) {
    }

    private final MutinyEmitter<TrackedEvent> emitter;

    public EventPublisher(@Channel("events-out") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 20_000)
            MutinyEmitter<TrackedEvent> emitter) {
        this.emitter = emitter;
    }

    /** Positions in the order of {@code events}. */
    public Uni<List<Position>> publishAll(List<TrackedEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.join().all(events.stream().map(event -> publish(event, new RecordHeaders())).toList()).andFailFast();
    }

    /** Publishes an archived event again, marked with where it was first published. */
    public Uni<Position> republish(TrackedEvent event, Position origin, String replayId) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ReplayHeaders.ORIGIN_PARTITION, bytes(Integer.toString(origin.partition())));
        headers.add(ReplayHeaders.ORIGIN_OFFSET, bytes(Long.toString(origin.offset())));
        headers.add(ReplayHeaders.REPLAY_ID, bytes(replayId));
        return publish(event, headers);
    }

    private Uni<Position> publish(TrackedEvent event, RecordHeaders headers) {
        OutgoingMessageMetadata<RecordMetadata> result = new OutgoingMessageMetadata<>();
        Message<TrackedEvent> message = CloudEventRecords.message(event, event.partitionKey(), event.messageId(),
                TrackedEvent.CLOUD_EVENT_TYPE, SOURCE, event.receivedAt(), headers).addMetadata(result);
        return emitter.sendMessage(message).map(ignored -> {
            RecordMetadata stored = result.getResult();
            return stored == null ? null : new Position(stored.partition(), stored.offset());
        });
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
