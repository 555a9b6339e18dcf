package dev.uptake.gateway.edge;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/** Reads a request body into memory, failing as soon as it grows past a cap. */
final class BoundedBody {

    /** The body grew past the cap. */
    static final class TooLargeException extends RuntimeException {
        TooLargeException() {
            super("body too large", null, false, false);
        }
    }

    private BoundedBody() {
    }

    static Future<Buffer> read(HttpServerRequest request, long maxBytes) {
        Promise<Buffer> promise = Promise.promise();
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (body.length() + chunk.length() > maxBytes) {
                request.handler(null);
                promise.tryFail(new TooLargeException());
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.exceptionHandler(promise::tryFail);
        request.endHandler(end -> promise.tryComplete(body));
        request.resume();
        return promise.future();
    }
}
