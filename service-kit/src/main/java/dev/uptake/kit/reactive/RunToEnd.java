package dev.uptake.kit.reactive;

import java.util.concurrent.CompletableFuture;

import io.smallrye.mutiny.Uni;

/**
 * Work that must not stop halfway once it has begun: a subscriber that goes away (a client that hung up, a gateway
 * that timed out) stops waiting for the outcome, not the work. Quarkus cancels a request's Uni when its connection
 * closes, and a cancelled Uni stops at whatever step it had reached.
 */
public final class RunToEnd {

    private RunToEnd() {
    }

    /** {@code work}, started when subscribed to and carried to its end whether or not anyone still waits for it. */
    public static <T> Uni<T> of(Uni<T> work) {
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<T> outcome = new CompletableFuture<>();
            work.subscribe().with(outcome::complete, outcome::completeExceptionally);
            return Uni.createFrom().completionStage(outcome);
        });
    }
}
