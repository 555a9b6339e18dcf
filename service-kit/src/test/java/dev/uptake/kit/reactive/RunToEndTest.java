package dev.uptake.kit.reactive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

class RunToEndTest {

    @Test
    void shouldCarryTheWorkToItsEndWhenItsSubscriberCancels() {
        CompletableFuture<String> firstStep = new CompletableFuture<>();
        AtomicBoolean secondStepRan = new AtomicBoolean();
        AtomicBoolean cancelled = new AtomicBoolean();
        Uni<String> work = Uni.createFrom().completionStage(firstStep)
                .onItem().invoke(() -> secondStepRan.set(true))
                .onCancellation().invoke(() -> cancelled.set(true));

        Cancellable subscription = RunToEnd.of(work).subscribe().with(item -> { }, failure -> { });
        subscription.cancel();
        firstStep.complete("claimed");

        assertThat(secondStepRan).isTrue();
        assertThat(cancelled).isFalse();
    }

    @Test
    void shouldStopTheSameWorkWithoutIt() {
        CompletableFuture<String> firstStep = new CompletableFuture<>();
        AtomicBoolean secondStepRan = new AtomicBoolean();
        Uni<String> work = Uni.createFrom().completionStage(firstStep).onItem().invoke(() -> secondStepRan.set(true));

        work.subscribe().with(item -> { }, failure -> { }).cancel();
        firstStep.complete("claimed");

        assertThat(secondStepRan).isFalse();
    }

    @Test
    void shouldPassOnTheItemOrTheFailureAndStartOnlyWhenSubscribed() {
        AtomicInteger started = new AtomicInteger();
        Uni<String> ok = RunToEnd.of(Uni.createFrom().item(() -> {
            started.incrementAndGet();
            return "done";
        }));
        assertThat(started).hasValue(0);

        assertThat(ok.await().atMost(Duration.ofSeconds(5))).isEqualTo("done");
        assertThat(started).hasValue(1);
        assertThatThrownBy(() -> RunToEnd.of(Uni.createFrom().failure(new IllegalStateException("broker away")))
                .await().atMost(Duration.ofSeconds(5))).isInstanceOf(IllegalStateException.class)
                .hasMessage("broker away");
    }
}
