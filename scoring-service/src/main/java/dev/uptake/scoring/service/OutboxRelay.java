package dev.uptake.scoring.service;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import dev.uptake.scoring.messaging.SignalPublisher;
import dev.uptake.scoring.repository.SignalOutbox;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Moves signals from the outbox to Kafka: right after each batch, and on a schedule to recover anything a crash or a
 * broker outage left behind. Consumers deduplicate on the signal id, so publishing twice is harmless.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final int PAGE = 500;

    private final SignalOutbox outbox;
    private final SignalPublisher publisher;
    private final AtomicBoolean running = new AtomicBoolean();

    public OutboxRelay(SignalOutbox outbox, SignalPublisher publisher) {
        this.outbox = outbox;
        this.publisher = publisher;
    }

    public Uni<Void> publishPending() {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        return outbox.pending(PAGE)
                .call(signals -> publisher.publishAll(signals).chain(() -> outbox.remove(signals)))
                .replaceWithVoid()
                .onFailure().invoke(e -> Log.warnf("Signals stay in the outbox for the next attempt: %s", e.toString()))
                .onFailure().recoverWithNull()
                .eventually(() -> running.set(false));
    }

    @Scheduled(every = "${uptake.scoring.outbox-relay-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> recover() {
        return publishPending();
    }
}
