package dev.uptake.gateway.edge;

import java.util.Map;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.uptake.kit.problem.Problems;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/** Problem+json answers given by the edge itself, before any resource or upstream sees the request. */
@Singleton
public class EdgeProblems {

    private final ObjectMapper mapper;

    public EdgeProblems(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public void send(RoutingContext ctx, int status, String slug, String title, String detail) {
        send(ctx, status, slug, title, detail, Map.of());
    }

    public void send(RoutingContext ctx, int status, String slug, String title, String detail,
            Map<String, String> headers) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        drainUnread(ctx.request());
        headers.forEach(ctx.response()::putHeader);
        ctx.response().setStatusCode(status).putHeader("Content-Type", Problems.MEDIA_TYPE)
                .end(json(status, slug, title, detail, ctx.request().path()));
    }

    /**
     * The request body is not wanted: let what is left of it drain so the connection can serve the next request. An
     * HTTP/2 request whose body has ended refuses a resume (HTTP/1.1 lets it pass), which had made a 401 a 500.
     */
    static void drainUnread(HttpServerRequest request) {
        if (!request.isEnded()) {
            request.resume();
        }
    }

    public Buffer json(int status, String slug, String title, String detail, String instance) {
        try {
            return Buffer.buffer(mapper.writeValueAsBytes(Problems.of(status, slug, title, detail, instance)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Problem always serializes", e);
        }
    }
}
