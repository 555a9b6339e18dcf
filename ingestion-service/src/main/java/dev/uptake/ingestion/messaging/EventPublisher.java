package dev.uptake.ingestion.messaging;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import dev.uptake.contracts.TrackedEvent;
import dev.uptake.kit.messaging.CloudEventRecords;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

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
        return emitter.sendMessage(CloudEventRecords.message(event, event.partitionKey(), event.messageId(),
                TrackedEvent.CLOUD_EVENT_TYPE, SOURCE, event.receivedAt()));
    }
}
