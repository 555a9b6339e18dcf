package dev.uptake.ingestion.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import dev.uptake.contracts.EventType;
import dev.uptake.contracts.TrackedEvent;

/**
 * A takeover's lookup reads a claim's window only, so no record may be handed to Kafka after its send-by time, even
 * when the sends before it were slow (each may block on a full buffer). A unit test: the producer is Kafka's mock.
 */
class EventPublisherDeadlineTest {

    @Test
    void shouldSendNoEventOfARequestOnceItsSendByTimeHasPassed() throws Exception {
        // Each send takes 300 ms, as one blocked on a full buffer would; the events must be sent within 500 ms. Wide
        // margins: with 30 and 50 ms, a stall of 50 ms on a loaded machine would have let no event be sent.
        MockProducer<String, TrackedEvent> slow = new MockProducer<>(true, null, new StringSerializer(),
                (topic, event) -> new byte[0]) {
            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<String, TrackedEvent> record,
                    Callback callback) {
                sleep();
                return super.send(record, callback);
            }
        };
        List<TrackedEvent> events = IntStream.range(0, 10).mapToObj(i -> event("e-" + i)).toList();

        EventPublisher.Outcome outcome = new EventPublisher(null, null, "events")
                .sendAll(slow, events, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500)).get(5, TimeUnit.SECONDS);

        assertThat(outcome.failure()).isInstanceOf(EventPublisher.NotSentException.class);
        int sent = slow.history().size();
        assertThat(sent).isBetween(1, 2);
        assertThat(outcome.positions().subList(0, sent)).doesNotContainNull();
        assertThat(outcome.positions().subList(sent, events.size())).containsOnlyNulls();
    }

    private static void sleep() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static TrackedEvent event(String messageId) {
        Instant now = Instant.now();
        return new TrackedEvent(TrackedEvent.SCHEMA_VERSION, "tenant-d", messageId, EventType.TRACK, "u-d", null,
                "acct-d", "Deadline", null, null, null, Map.of(), null, null, now, now, null, now, false);
    }
}
