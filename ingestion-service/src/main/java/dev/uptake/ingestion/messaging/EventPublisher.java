package dev.uptake.ingestion.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import dev.uptake.contracts.ReplayHeaders;
import dev.uptake.contracts.TrackedEvent;
import dev.uptake.kit.messaging.CloudEventRecords;
import dev.uptake.kit.reactive.CallerContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.OutgoingMessageMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;

/**
 * Publishes events to {@code uptake.events.v1}; the Uni completes when Kafka acknowledged (acks=all) and tells where
 * each event landed, which the archive keeps so a replay can name the original position.
 * <p>
 * A request's events go to the channel's producer in one task on its sending thread, each with a plain callback: the
 * emitter's per-message streams, metadata and context propagation cost more than the send itself at batch load. The
 * emitter stays for replays, and it declares the channel whose producer (settings, serialiser) is used here.
 */
@ApplicationScoped
public class EventPublisher {

    static final String SOURCE = "/uptake/ingestion-service";
    static final String CHANNEL = "events-out";

    /** Where Kafka stored a record. */
    public record Position(int partition, long offset) {
    }

    private final MutinyEmitter<TrackedEvent> emitter;
    private final KafkaClientService kafka;
    private final String topic;

    public EventPublisher(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 20_000)
            MutinyEmitter<TrackedEvent> emitter, KafkaClientService kafka,
            @ConfigProperty(name = "mp.messaging.outgoing." + CHANNEL + ".topic") String topic) {
        this.emitter = emitter;
        this.kafka = kafka;
        this.topic = topic;
    }

    /**
     * Where each event went, in the order given: its position, or null where Kafka refused it or it was not sent.
     * {@code failure} is the first refusal, null when Kafka took every event.
     */
    public record Outcome(List<Position> positions, Throwable failure) {
    }

    /**
     * Hands {@code events} to Kafka, none of them after {@code sendByNanos} ({@link System#nanoTime()}), and completes
     * once Kafka has settled every one it was handed: taken, or refused for good (the producer's delivery timeout).
     * Never earlier: a request answered while a record could still be delivered would let its retry publish that
     * record a second time. After a refusal the rest are not sent.
     */
    public Uni<Outcome> publishAll(List<TrackedEvent> events, long sendByNanos) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(new Outcome(List.of(), null));
        }
        // Callbacks run on the producer's network thread; what follows (archiving) goes back to the caller's context.
        KafkaProducer<String, TrackedEvent> producer = kafka.getProducer(CHANNEL);
        return CallerContext.resumeOnCaller(producer.runOnSendingThread(
                (Function<Producer<String, TrackedEvent>, CompletableFuture<Outcome>>) raw -> sendAll(raw, events,
                        sendByNanos))
                .onItem().transformToUni(settled -> Uni.createFrom().completionStage(settled)));
    }

    CompletableFuture<Outcome> sendAll(Producer<String, TrackedEvent> producer, List<TrackedEvent> events,
            long sendByNanos) {
        CompletableFuture<Outcome> settled = new CompletableFuture<>();
        Position[] positions = new Position[events.size()];
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        AtomicInteger unsettled = new AtomicInteger(events.size());
        Runnable settle = () -> {
            if (unsettled.decrementAndGet() == 0) {
                settled.complete(new Outcome(Arrays.asList(positions), firstFailure.get()));
            }
        };
        for (int i = 0; i < events.size(); i++) {
            // Each send may block (max.block.ms) on a full buffer: none starts after the send-by time, so the last
            // record is stamped at most one block past it.
            if (firstFailure.get() == null && System.nanoTime() - sendByNanos > 0) {
                firstFailure.compareAndSet(null, new NotSentException(events.size() - i));
            }
            if (firstFailure.get() != null) {
                settle.run();
                continue;
            }
            TrackedEvent event = events.get(i);
            int index = i;
            try {
                producer.send(CloudEventRecords.record(topic, event, event.partitionKey(), event.messageId(),
                        TrackedEvent.CLOUD_EVENT_TYPE, SOURCE, event.receivedAt(), new RecordHeaders()),
                        (stored, failure) -> {
                            if (failure != null) {
                                firstFailure.compareAndSet(null, failure);
                            } else {
                                positions[index] = new Position(stored.partition(), stored.offset());
                            }
                            settle.run();
                        });
            } catch (RuntimeException failure) {
                firstFailure.compareAndSet(null, failure);
                settle.run();
            }
        }
        return settled;
    }

    /** The sending thread got to these events only after their send-by time: none of them was handed to Kafka. */
    public static final class NotSentException extends RuntimeException {
        NotSentException(int events) {
            super(events + " event(s) waited too long to be sent and were not sent");
        }
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
