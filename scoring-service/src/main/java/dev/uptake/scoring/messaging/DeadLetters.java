package dev.uptake.scoring.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;

import dev.uptake.kit.messaging.DeadLetterRecords;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/** Sends unreadable records, unchanged, to {@code uptake.events.v1.scoring.dlq} with the reason and their origin. */
@ApplicationScoped
public class DeadLetters {

    private final MutinyEmitter<String> emitter;
    private final MeterRegistry meters;

    public DeadLetters(@Channel("events-dlq") MutinyEmitter<String> emitter, MeterRegistry meters) {
        this.emitter = emitter;
        this.meters = meters;
    }

    public Uni<Void> send(ConsumerRecord<String, String> record, Exception reason) {
        meters.counter("uptake.scoring.events.dead-lettered").increment();
        return emitter.sendMessage(DeadLetterRecords.message(record, reason));
    }
}
