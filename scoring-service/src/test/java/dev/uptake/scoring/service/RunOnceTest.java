package dev.uptake.scoring.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

class RunOnceTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void shouldShareOneRunBetweenCallersAndNotRunAgainOnceItSucceeded() {
        AtomicInteger runs = new AtomicInteger();
        UniEmitter<? super String>[] pending = new UniEmitter[1];
        RunOnce once = new RunOnce(() -> Uni.createFrom().<String>emitter(emitter -> {
            runs.incrementAndGet();
            pending[0] = emitter;
        }));

        Uni<Void> first = once.run();
        Uni<Void> second = once.run();
        var firstDone = first.subscribe().asCompletionStage();
        var secondDone = second.subscribe().asCompletionStage();
        assertThat(firstDone).isNotDone();
        assertThat(once.done()).isFalse();

        pending[0].complete("backfilled");
        assertThat(firstDone).succeedsWithin(WAIT);
        assertThat(secondDone).succeedsWithin(WAIT);
        once.run().await().atMost(WAIT);
        assertThat(once.done()).isTrue();
        assertThat(runs).hasValue(1);
    }

    @Test
    void shouldRunAgainForTheFirstCallerAfterAFailure() {
        AtomicInteger runs = new AtomicInteger();
        RunOnce once = new RunOnce(() -> Uni.createFrom().item(() -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("storage away");
            }
            return "backfilled";
        }));

        assertThatThrownBy(() -> once.run().await().atMost(WAIT)).hasMessage("storage away");
        assertThat(once.done()).isFalse();
        once.run().await().atMost(WAIT);
        assertThat(once.done()).isTrue();
        assertThat(runs).hasValue(2);
    }
}
