package dev.uptake.scoring.service;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * A task run until it has succeeded once: callers while it runs share the run, callers after a success get it at once,
 * and the first caller after a failure starts it again.
 */
final class RunOnce {

    private final Supplier<Uni<?>> task;
    private final AtomicReference<Uni<Void>> running = new AtomicReference<>();
    private volatile boolean done;

    RunOnce(Supplier<Uni<?>> task) {
        this.task = task;
    }

    boolean done() {
        return done;
    }

    Uni<Void> run() {
        if (done) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> current = running.get();
        if (current != null) {
            return current;
        }
        Uni<Void> started = Uni.createFrom().deferred(task).invoke(() -> done = true)
                .onFailure().invoke(failure -> running.set(null)).replaceWithVoid().memoize().indefinitely();
        return running.compareAndSet(null, started) ? started : running.get();
    }
}
