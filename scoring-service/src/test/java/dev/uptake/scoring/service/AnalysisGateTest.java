package dev.uptake.scoring.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.uptake.kit.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.smallrye.mutiny.subscription.Cancellable;

class AnalysisGateTest {

    private final AnalysisGate gate = new AnalysisGate(2);

    @Test
    void shouldTurnAwayAnAnalysisBeyondTheLimitWithoutStartingIt() {
        gate.run(() -> Uni.createFrom().nothing()).subscribe().with(item -> { });
        gate.run(() -> Uni.createFrom().nothing()).subscribe().with(item -> { });
        AtomicInteger started = new AtomicInteger();

        assertThatThrownBy(() -> gate.run(() -> {
            started.incrementAndGet();
            return Uni.createFrom().item("late");
        }).await().atMost(Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(ProblemException.class, problem -> {
                    assertThat(problem.status()).isEqualTo(503);
                    assertThat(problem.slug()).isEqualTo("analysis-busy");
                    assertThat(problem.headers()).containsEntry("Retry-After", AnalysisGate.RETRY_AFTER_SECONDS);
                });
        assertThat(started).hasValue(0);
    }

    @Test
    void shouldFreeAPlaceWhenAnAnalysisEndsFailsOrIsCancelled() {
        assertThat(gate.run(() -> Uni.createFrom().item("done")).await().atMost(Duration.ofSeconds(1))).isEqualTo("done");
        assertThatThrownBy(() -> gate.run(() -> Uni.createFrom().failure(new IllegalStateException("broken")))
                .await().atMost(Duration.ofSeconds(1))).hasMessage("broken");
        // Invalid parameters are thrown before an analysis has a Uni at all.
        assertThatThrownBy(() -> gate.run(() -> {
            throw ProblemException.badRequest("invalid-parameter", "Invalid parameter", "no");
        }).await().atMost(Duration.ofSeconds(1))).isInstanceOf(ProblemException.class).hasMessage("no");
        Cancellable first = gate.run(() -> Uni.createFrom().nothing()).subscribe().with(item -> { });
        gate.run(() -> Uni.createFrom().nothing()).subscribe().with(item -> { });
        first.cancel();

        UniAssertSubscriber<String> third = gate.run(() -> Uni.createFrom().item("third"))
                .subscribe().withSubscriber(UniAssertSubscriber.create());
        third.assertItem("third");
    }

    @Test
    void shouldRefuseALimitBelowOne() {
        assertThatThrownBy(() -> new AnalysisGate(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
