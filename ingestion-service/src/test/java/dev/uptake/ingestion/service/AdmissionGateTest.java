package dev.uptake.ingestion.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.uptake.kit.problem.ProblemException;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.smallrye.mutiny.subscription.UniEmitter;

class AdmissionGateTest {

    private final AdmissionGate gate = new AdmissionGate(2);

    @Test
    void shouldRefuseBeyondTheLimitWith503AndAdmitAgainOnceRoomIsFreed() {
        Pending first = pending();
        Pending second = pending();
        assertThat(gate.inFlight()).isEqualTo(2);

        assertThatThrownBy(() -> gate.admit(() -> Uni.createFrom().item("third")))
                .isInstanceOfSatisfying(ProblemException.class, refused -> {
                    assertThat(refused.status()).isEqualTo(503);
                    assertThat(refused.slug()).isEqualTo(AdmissionGate.OVERLOADED);
                    assertThat(refused.headers()).containsEntry("Retry-After", "1");
                });
        assertThat(gate.inFlight()).isEqualTo(2);

        first.emitter().complete("done");
        first.subscriber().assertItem("done");
        assertThat(gate.inFlight()).isEqualTo(1);
        second.emitter().fail(new IllegalStateException("broken"));
        assertThat(gate.inFlight()).isZero();
        assertThat(gate.admit(() -> Uni.createFrom().item("fourth")).await().indefinitely()).isEqualTo("fourth");
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void shouldFreeTheRoomWhenTheCallerGoesAwayOrTheWorkCannotStart() {
        pending().subscriber().cancel();
        assertThat(gate.inFlight()).isZero();

        assertThatThrownBy(() -> gate.admit(() -> {
            throw new IllegalArgumentException("unreadable body");
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void shouldRefuseEveryNewRequestOnceAStopHasBegunAndLetThoseInFlightFinish() {
        Pending inFlight = pending();

        gate.stopping(new ShutdownDelayInitiatedEvent());

        AtomicBoolean started = new AtomicBoolean();
        assertThatThrownBy(() -> gate.admit(() -> {
            started.set(true);
            return Uni.createFrom().item("new");
        })).isInstanceOfSatisfying(ProblemException.class, refused -> {
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.slug()).isEqualTo(AdmissionGate.STOPPING);
            assertThat(refused.headers()).containsEntry("Retry-After", "1");
        });
        assertThat(started).isFalse();
        inFlight.emitter().complete("finished");
        inFlight.subscriber().assertItem("finished");
        assertThat(gate.inFlight()).isZero();
    }

    private record Pending(UniEmitter<? super String> emitter, UniAssertSubscriber<String> subscriber) {
    }

    private Pending pending() {
        AtomicReference<UniEmitter<? super String>> emitter = new AtomicReference<>();
        UniAssertSubscriber<String> subscriber = gate.admit(() -> Uni.createFrom().<String>emitter(emitter::set))
                .subscribe().withSubscriber(UniAssertSubscriber.create());
        return new Pending(emitter.get(), subscriber);
    }
}
