package dev.uptake.gateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.uptake.gateway.Upstream;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Gateway settings; every value can be overridden by the environment variable named in application.properties. */
@ConfigMapping(prefix = "uptake.gateway")
public interface GatewayConfig {

    /** Bearer token of the operator API ({@code /admin}); when unset every operator call gets 401. */
    Optional<String> operatorToken();

    Upstreams upstreams();

    /** How long an upstream may stay silent before the caller gets 504. */
    @WithDefault("PT10S")
    Duration upstreamTimeout();

    @WithDefault("PT2S")
    Duration upstreamConnectTimeout();

    /** Pooled connections per upstream; one slow tenant cannot hold them all for long (see upstreamTimeout). */
    @WithDefault("200")
    int upstreamPoolSize();

    Keys keys();

    RateLimits rateLimits();

    Limits limits();

    Cors cors();

    CircuitBreaker circuitBreaker();

    OpenApi openapi();

    AccessLog accessLog();

    interface Upstreams {
        URI ingestion();

        URI scoring();

        URI campaign();

        default URI of(Upstream upstream) {
            return switch (upstream) {
                case INGESTION -> ingestion();
                case SCORING -> scoring();
                case CAMPAIGN -> campaign();
            };
        }
    }

    interface Keys {
        /** How long a key lookup is reused; capped at 30 s so a revoked key stops working within 30 s everywhere. */
        @WithDefault("PT30S")
        Duration cacheTtl();

        @WithDefault("100000")
        long cacheSize();
    }

    /** Defaults for tenants without their own limits. Buckets live in each gateway replica. */
    interface RateLimits {
        @WithDefault("1000")
        int trackingPerSecond();

        @WithDefault("2000")
        int trackingBurst();

        @WithDefault("100")
        int otherPerSecond();

        @WithDefault("200")
        int otherBurst();

        /**
         * How long a 429 is held back (at most its Retry-After): a client hammering in a loop then costs the gateway
         * one answer per connection per delay instead of the CPU other tenants need. Zero answers at once.
         */
        @WithDefault("PT1S")
        Duration rejectionDelay();
    }

    interface Limits {
        /** Segment's 500 KB, as sent on the wire (after the client's compression). */
        @WithDefault("512000")
        long ingestionMaxBodyBytes();

        @WithDefault("1048576")
        long otherMaxBodyBytes();
    }

    interface Cors {
        /** Origins allowed on read and admin routes; none by default (server-side callers need no CORS). */
        Optional<List<String>> managementOrigins();

        @WithDefault("PT10M")
        Duration preflightMaxAge();
    }

    interface CircuitBreaker {
        @WithDefault("20")
        int requestVolumeThreshold();

        @WithDefault("0.5")
        double failureRatio();

        @WithDefault("PT5S")
        Duration delay();
    }

    interface OpenApi {
        /** How long the merged document is reused before the upstreams are asked again. */
        @WithDefault("PT1M")
        Duration cacheTtl();

        @WithDefault("PT5S")
        Duration fetchTimeout();
    }

    /** One JSON line per request on standard output, written in batches. */
    interface AccessLog {
        @WithDefault("true")
        boolean enabled();

        /** Longest time a line waits in memory before it is written; sooner when 32 KB are waiting. */
        @WithDefault("PT0.2S")
        Duration flushInterval();
    }
}
