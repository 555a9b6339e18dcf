package dev.uptake.gateway.edge;

import java.util.function.LongSupplier;

/**
 * One upstream's breaker, with MicroProfile Fault Tolerance's semantics: it opens when at least {@code failureRatio}
 * of the last {@code volume} calls failed, refuses calls for {@code delay}, then lets one trial call through, which
 * closes it on success and opens it again on failure. Hand-made because the library's guard (context capture,
 * offloading, completion-stage adapters) cost a sixth of the gateway's CPU per proxied request; this one is a few
 * field updates under an uncontended lock.
 */
final class CircuitBreaker {

    enum State {
        CLOSED, OPEN, HALF_OPEN
    }

    private final int volume;
    private final int failuresToOpen;
    private final long delayNanos;
    private final LongSupplier nanoTime;
    /** The outcomes of the last {@code volume} calls, true for a failure, as a ring. */
    private final boolean[] window;
    private int next;
    private int recorded;
    private int failures;
    private State state = State.CLOSED;
    private long openedAt;
    private boolean trialInFlight;
    private long trialStartedAt;

    CircuitBreaker(int volume, double failureRatio, long delayNanos, LongSupplier nanoTime) {
        if (volume < 1 || failureRatio <= 0 || failureRatio > 1) {
            throw new IllegalArgumentException("volume must be >= 1 and failure ratio in (0, 1]");
        }
        this.volume = volume;
        this.failuresToOpen = (int) Math.ceil(failureRatio * volume);
        this.delayNanos = delayNanos;
        this.nanoTime = nanoTime;
        this.window = new boolean[volume];
    }

    /** Whether a call may go through now; every permitted call must be followed by exactly one outcome. */
    synchronized boolean tryAcquire() {
        if (state == State.OPEN) {
            if (nanoTime.getAsLong() - openedAt < delayNanos) {
                return false;
            }
            state = State.HALF_OPEN;
            trialInFlight = false;
        }
        if (state == State.HALF_OPEN) {
            // A trial whose outcome never came (it should always come: the proxy times out) must not keep the
            // breaker half-open for good; after another delay the next call is the trial.
            if (trialInFlight && nanoTime.getAsLong() - trialStartedAt < delayNanos) {
                return false;
            }
            trialInFlight = true;
            trialStartedAt = nanoTime.getAsLong();
        }
        return true;
    }

    synchronized void onSuccess() {
        if (state == State.HALF_OPEN) {
            close();
        } else if (state == State.CLOSED) {
            record(false);
        }
    }

    synchronized void onFailure() {
        if (state == State.HALF_OPEN) {
            open();
        } else if (state == State.CLOSED) {
            record(true);
        }
    }

    synchronized State state() {
        return state;
    }

    synchronized void reset() {
        close();
    }

    private void record(boolean failed) {
        if (recorded == volume) {
            failures -= window[next] ? 1 : 0;
        } else {
            recorded++;
        }
        window[next] = failed;
        failures += failed ? 1 : 0;
        next = (next + 1) % volume;
        // Checked after every outcome, as the library does: a success can complete a window that is over the ratio.
        if (recorded == volume && failures >= failuresToOpen) {
            open();
        }
    }

    private void open() {
        state = State.OPEN;
        openedAt = nanoTime.getAsLong();
    }

    private void close() {
        state = State.CLOSED;
        java.util.Arrays.fill(window, false);
        next = 0;
        recorded = 0;
        failures = 0;
        trialInFlight = false;
    }
}
