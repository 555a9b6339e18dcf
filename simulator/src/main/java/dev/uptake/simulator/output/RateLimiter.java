package dev.uptake.simulator.output;

import java.util.concurrent.TimeUnit;

/** Spaces out batches so the average rate stays at the target events per second (0: unlimited). */
final class RateLimiter {

    private final double eventsPerSecond;
    private long nextFreeNanos = System.nanoTime();

    RateLimiter(double eventsPerSecond) {
        this.eventsPerSecond = eventsPerSecond;
    }

    synchronized void acquire(int events) throws InterruptedException {
        if (eventsPerSecond <= 0) {
            return;
        }
        long now = System.nanoTime();
        long start = Math.max(now, nextFreeNanos);
        nextFreeNanos = start + (long) (events * 1e9 / eventsPerSecond);
        if (start > now) {
            TimeUnit.NANOSECONDS.sleep(start - now);
        }
    }
}
