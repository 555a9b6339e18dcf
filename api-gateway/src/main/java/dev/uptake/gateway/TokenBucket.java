package dev.uptake.gateway;

/**
 * A token bucket: holds up to {@code burst} tokens, refills at {@code perSecond}, each request takes one. Rate and
 * burst are passed on every call so a tenant's new limits apply at once. Each bucket locks only itself, so one
 * busy key never waits on another.
 */
public final class TokenBucket {

    /** The outcome of one request: allowed or not, and what the RateLimit headers report. */
    public record Decision(boolean allowed, int limit, int remaining, long resetSeconds, long retryAfterSeconds) {
    }

    private double tokens;
    private long updatedNanos;

    public TokenBucket(int burst, long nowNanos) {
        this.tokens = burst;
        this.updatedNanos = nowNanos;
    }

    public synchronized Decision take(long nowNanos, int perSecond, int burst) {
        double elapsedSeconds = Math.max(0, nowNanos - updatedNanos) / 1e9;
        tokens = Math.min(burst, tokens + elapsedSeconds * perSecond);
        updatedNanos = Math.max(updatedNanos, nowNanos);
        boolean allowed = tokens >= 1;
        if (allowed) {
            tokens -= 1;
        }
        long resetSeconds = (long) Math.ceil((burst - tokens) / perSecond);
        long retryAfterSeconds = allowed ? 0 : Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
        return new Decision(allowed, burst, (int) Math.floor(tokens), resetSeconds, retryAfterSeconds);
    }
}
