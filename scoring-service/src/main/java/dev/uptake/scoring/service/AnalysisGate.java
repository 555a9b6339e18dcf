package dev.uptake.scoring.service;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.uptake.kit.problem.ProblemException;
import dev.uptake.scoring.config.ScoringConfig;
import io.smallrye.mutiny.Uni;

/**
 * Lets a few tenant-wide analyses (of history, adoption, the catalog's adoption, the overview) run at once and turns
 * the rest away at once with 503 and Retry-After. At 10,000 accounts one takes the Mongo stand-in seconds of CPU and
 * holds a window of the tenant's activity in memory; calls that piled up behind ones the gateway had already given up
 * on (504 after 10 s) filled the stand-in's heap, and it spent minutes collecting garbage.
 */
@ApplicationScoped
public class AnalysisGate {

    static final String RETRY_AFTER_SECONDS = "2";

    private final Semaphore permits;
    private final int limit;

    @Inject
    public AnalysisGate(ScoringConfig config) {
        this(config.concurrentAnalyses());
    }

    AnalysisGate(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("uptake.scoring.concurrent-analyses must be at least 1, not " + limit);
        }
        this.limit = limit;
        this.permits = new Semaphore(limit);
    }

    /** Runs {@code analysis} if a permit is free, holding it until the analysis ends, fails or is cancelled. */
    public <T> Uni<T> run(Supplier<Uni<T>> analysis) {
        return Uni.createFrom().deferred(() -> {
            if (!permits.tryAcquire()) {
                return Uni.createFrom().failure(busy());
            }
            AtomicBoolean released = new AtomicBoolean();
            Runnable release = () -> {
                if (released.compareAndSet(false, true)) {
                    permits.release();
                }
            };
            try {
                return analysis.get().onTermination().invoke(release);
            } catch (RuntimeException e) {
                release.run();
                return Uni.createFrom().failure(e);
            }
        });
    }

    private ProblemException busy() {
        return new ProblemException(503, "analysis-busy", "Analyses busy",
                limit + " tenant-wide analyses are running on this instance; ask again in a moment.", List.of(),
                Map.of("Retry-After", RETRY_AFTER_SECONDS));
    }
}
