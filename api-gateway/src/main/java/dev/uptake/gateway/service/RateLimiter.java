package dev.uptake.gateway.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.uptake.gateway.KeyHolder;
import dev.uptake.gateway.TenantSettings;
import dev.uptake.gateway.TokenBucket;
import dev.uptake.gateway.config.GatewayConfig;

/**
 * Token buckets per API key and traffic class (tracking or other), with the tenant's limits or the defaults.
 * Buckets live in this replica only: with N replicas behind a load balancer a key gets up to N times the limit, so
 * operators divide the configured limits by the replica count.
 */
@ApplicationScoped
public class RateLimiter {

    private final Cache<String, TokenBucket> buckets;
    private final GatewayConfig.RateLimits defaults;
    private final Clock clock;

    public RateLimiter(GatewayConfig config, Clock clock) {
        this.defaults = config.rateLimits();
        this.clock = clock;
        // An idle bucket is full again long before it is dropped, so dropping it changes nothing.
        this.buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofHours(1)).build();
    }

    public TokenBucket.Decision take(KeyHolder holder, boolean tracking) {
        TenantSettings settings = holder.settings();
        int perSecond = tracking ? orDefault(settings.trackingPerSecond(), defaults.trackingPerSecond())
                : orDefault(settings.otherPerSecond(), defaults.otherPerSecond());
        int burst = tracking ? orDefault(settings.trackingBurst(), defaults.trackingBurst())
                : orDefault(settings.otherBurst(), defaults.otherBurst());
        long now = nanos(clock.instant());
        TokenBucket bucket = buckets.get(holder.keyId() + (tracking ? "/tracking" : "/other"),
                key -> new TokenBucket(burst, now));
        return bucket.take(now, perSecond, burst);
    }

    private static int orDefault(Integer value, int fallback) {
        return value != null ? value : fallback;
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
