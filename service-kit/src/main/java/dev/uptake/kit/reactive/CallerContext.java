package dev.uptake.kit.reactive;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * For Unis completed on a client's own thread (a Kafka producer's network thread, a Mongo driver's): what follows
 * runs back on the Vert.x context of whoever called, as the Quarkus clients' own Unis do, instead of holding up
 * the client's thread.
 */
public final class CallerContext {

    private CallerContext() {
    }

    /** {@code uni}, emitting on the current Vert.x context if there is one (captured now, not at completion). */
    public static <T> Uni<T> resumeOnCaller(Uni<T> uni) {
        Context caller = Vertx.currentContext();
        return caller == null ? uni : uni.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }
}
