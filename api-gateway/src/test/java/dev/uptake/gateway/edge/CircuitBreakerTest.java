package dev.uptake.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private final AtomicLong now = new AtomicLong();
    private final CircuitBreaker breaker = new CircuitBreaker(4, 0.5, 1_000, now::get);

    @Test
    void shouldStayClosedUntilTheWindowIsFullThenOpenAtTheFailureRatio() {
        fail();
        fail();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        succeed();
        succeed();
        assertThat(breaker.state()).as("2 failures of 4 reach the ratio of 0.5").isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquire()).isFalse();
    }

    @Test
    void shouldForgetOutcomesThatLeftTheWindow() {
        fail();
        succeed();
        succeed();
        succeed();
        succeed(); // the failure leaves the window
        fail();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        fail();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void shouldLetOneTrialThroughAfterTheDelayAndCloseOnItsSuccess() {
        openIt();
        now.addAndGet(999);
        assertThat(breaker.tryAcquire()).isFalse();
        now.addAndGet(1);
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).as("one trial at a time").isFalse();
        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        fail();
        assertThat(breaker.state()).as("the window starts afresh").isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void shouldOpenAgainWhenTheTrialFails() {
        openIt();
        now.addAndGet(1_000);
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        now.addAndGet(500);
        assertThat(breaker.tryAcquire()).as("the delay restarts").isFalse();
    }

    @Test
    void shouldLetAnotherTrialThroughWhenTheFirstNeverReportedBack() {
        openIt();
        now.addAndGet(1_000);
        assertThat(breaker.tryAcquire()).isTrue();
        now.addAndGet(999);
        assertThat(breaker.tryAcquire()).isFalse();
        now.addAndGet(1);
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void shouldCloseOnReset() {
        openIt();
        breaker.reset();
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    private void openIt() {
        for (int i = 0; i < 4; i++) {
            fail();
        }
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    private void fail() {
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onFailure();
    }

    private void succeed() {
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onSuccess();
    }
}
