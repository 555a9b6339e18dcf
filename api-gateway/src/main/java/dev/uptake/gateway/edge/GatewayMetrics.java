package dev.uptake.gateway.edge;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The meters an operator watches: traffic by route family and status, rejections by reason, upstream failures. */
@Singleton
public class GatewayMetrics {

    /** Why the edge refused a request. */
    public enum Rejection {
        AUTH("auth"), FORBIDDEN("forbidden"), RATE_LIMITED("rate-limited"), TOO_LARGE("too-large");

        final String tag;

        Rejection(String tag) {
            this.tag = tag;
        }
    }

    private final MeterRegistry registry;
    // Every request counts here: looking the meter up in the registry each time showed in profiles under load.
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void request(String family, int status) {
        requests.computeIfAbsent(family + ' ' + status, key -> Counter.builder("uptake.gateway.requests")
                .description("Requests answered, by route family and status").tag("family", family)
                .tag("status", Integer.toString(status)).register(registry)).increment();
    }

    /** Tenant is tagged when known: tenants are created by operators, so the tag's cardinality is bounded. */
    public void rejected(Rejection reason, String tenant) {
        Counter.builder("uptake.gateway.rejected").description("Requests refused at the gateway, by reason")
                .tag("reason", reason.tag).tag("tenant", tenant == null ? "unknown" : tenant)
                .register(registry).increment();
    }

    /** 0 closed, 1 open, 2 half-open. */
    public void breaker(String upstream, java.util.function.Supplier<Number> state) {
        io.micrometer.core.instrument.Gauge.builder("uptake.gateway.upstream.breaker", state)
                .description("Each upstream's circuit breaker: 0 closed, 1 open, 2 half-open")
                .tag("upstream", upstream).register(registry);
    }

    public void accessLineDropped() {
        Counter.builder("uptake.gateway.access.log.dropped")
                .description("Access-log lines dropped because standard output was stuck or the gateway was stopping")
                .register(registry).increment();
    }

    public void upstreamFailure(String upstream, String cause) {
        Counter.builder("uptake.gateway.upstream.failures")
                .description("Requests the gateway could not forward, by upstream and cause")
                .tag("upstream", upstream).tag("cause", cause).register(registry).increment();
    }
}
