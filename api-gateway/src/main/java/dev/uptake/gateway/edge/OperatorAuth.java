package dev.uptake.gateway.edge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.uptake.gateway.config.GatewayConfig;
import dev.uptake.gateway.edge.GatewayMetrics.Rejection;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** The operator API ({@code /admin}) needs the configured bearer token; with none configured it is closed. */
@Singleton
public class OperatorAuth {

    static final int ORDER = -200;

    private final Optional<byte[]> token;
    private final EdgeProblems problems;
    private final GatewayMetrics metrics;

    public OperatorAuth(GatewayConfig config, EdgeProblems problems, GatewayMetrics metrics) {
        this.token = config.operatorToken().filter(value -> !value.isBlank())
                .map(value -> value.getBytes(StandardCharsets.UTF_8));
        this.problems = problems;
        this.metrics = metrics;
    }

    void register(@Observes Router router) {
        router.route("/admin/*").order(ORDER).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        if (ctx.request().method().name().equals("OPTIONS")) {
            // No browser may call the operator API: preflights get no CORS grant.
            problems.send(ctx, 403, "cors-forbidden", "Forbidden", "Cross-origin calls to the operator API are not allowed.");
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        if (token.isPresent() && header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                && MessageDigest.isEqual(token.get(), header.substring(7).trim().getBytes(StandardCharsets.UTF_8))) {
            ctx.next();
            return;
        }
        metrics.rejected(Rejection.AUTH, null);
        problems.send(ctx, 401, "unauthorized", "Unauthorized",
                "Send the operator token as Authorization: Bearer <token>.",
                Map.of("WWW-Authenticate", "Bearer realm=\"Uptake operator\""));
    }
}
