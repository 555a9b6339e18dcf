package dev.uptake.kit.problem;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.ext.web.Router;

/** Routes no one serves get a 404 problem instead of the HTTP server's plain page. */
@Singleton
public class UnknownRouteHandler {

    private final ObjectMapper mapper;

    public UnknownRouteHandler(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void register(@Observes Router router) {
        router.route().last().handler(ctx -> {
            try {
                String body = mapper.writeValueAsString(Problems.of(404, "not-found", "Not found",
                        "No resource at this path.", ctx.request().path()));
                ctx.response().setStatusCode(404).putHeader("Content-Type", Problems.MEDIA_TYPE).end(body);
            } catch (Exception e) {
                ctx.fail(e);
            }
        });
    }
}
