package dev.uptake.kit.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

class CallerContextTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldEmitOnTheCallersContextWhatAnotherThreadCompleted() throws Exception {
        Context context = vertx.getOrCreateContext();
        CompletableFuture<Thread> contextThread = new CompletableFuture<>();
        CompletableFuture<Thread> emittedOn = new CompletableFuture<>();
        CompletableFuture<String> completedElsewhere = new CompletableFuture<>();
        context.runOnContext(ignored -> {
            contextThread.complete(Thread.currentThread());
            CallerContext.resumeOnCaller(Uni.createFrom().completionStage(completedElsewhere))
                    .subscribe().with(item -> emittedOn.complete(Thread.currentThread()));
        });
        contextThread.get(10, TimeUnit.SECONDS);

        Thread other = new Thread(() -> completedElsewhere.complete("done"), "not-vertx");
        other.start();

        assertThat(emittedOn.get(10, TimeUnit.SECONDS)).isSameAs(contextThread.get());
    }

    @Test
    void shouldLeaveTheUniAloneOutsideAnyContext() throws Exception {
        CompletableFuture<Thread> emittedOn = new CompletableFuture<>();
        CompletableFuture<String> completedElsewhere = new CompletableFuture<>();
        CallerContext.resumeOnCaller(Uni.createFrom().completionStage(completedElsewhere))
                .subscribe().with(item -> emittedOn.complete(Thread.currentThread()));

        Thread other = new Thread(() -> completedElsewhere.complete("done"), "completer");
        other.start();

        assertThat(emittedOn.get(10, TimeUnit.SECONDS)).isSameAs(other);
    }
}
