package dev.uptake.ingestion.service;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.uptake.ingestion.config.IngestionConfig;
import dev.uptake.kit.problem.ProblemException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.smallrye.mutiny.Uni;

/**
 * Bounds the tracking requests this replica works on at once. An overloaded replica refuses the excess at once (503,
 * Retry-After: 1, nothing accepted) instead of queueing it: queued requests would time out at the gateway while
 * still holding their place, and every later request would wait behind them.
 */
@ApplicationScoped
public class AdmissionGate {

    public static final String OVERLOADED = "overloaded";
    public static final String STOPPING = "stopping";

    private final AtomicInteger inFlight = new AtomicInteger();
    private final int limit;
    private volatile boolean stopping;

    @Inject
    public AdmissionGate(IngestionConfig config, MeterRegistry meters) {
        this(config.maxConcurrentRequests());
        Gauge.builder("uptake.ingestion.requests.in.flight", inFlight, AtomicInteger::get)
                .description("Tracking requests being worked on").register(meters);
    }

    AdmissionGate(int limit) {
        this.limit = limit;
    }

    /**
     * A stop has begun: new requests are refused from now on, so the ones in flight can finish within the shutdown
     * timeout. Quarkus itself keeps serving requests that arrive on open connections while it waits, and under steady
     * load the wait then never saw zero requests and ended in a hard stop that cut some between publish and archive.
     */
    void stopping(@Observes ShutdownDelayInitiatedEvent event) {
        stopping = true;
    }

    /** Runs the work if there is room, and frees the room when its Uni ends (item, failure or cancellation). */
    public <T> Uni<T> admit(Supplier<Uni<T>> work) {
        if (stopping) {
            throw new ProblemException(503, STOPPING, "Stopping", "This replica is stopping; nothing of this request "
                    + "was accepted. Retry after the delay.", List.of(), Map.of("Retry-After", "1"));
        }
        if (inFlight.incrementAndGet() > limit) {
            inFlight.decrementAndGet();
            throw new ProblemException(503, OVERLOADED, "Overloaded", "This replica is working on as many tracking "
                    + "requests as it takes; nothing of this one was accepted. Retry after the delay.", List.of(),
                    Map.of("Retry-After", "1"));
        }
        Uni<T> started;
        try {
            started = work.get();
        } catch (RuntimeException e) {
            inFlight.decrementAndGet();
            throw e;
        }
        return started.onTermination().invoke(inFlight::decrementAndGet);
    }

    int inFlight() {
        return inFlight.get();
    }
}
