package dev.uptake.gateway.edge;

import java.util.List;

import jakarta.inject.Singleton;

import dev.uptake.gateway.KeyHolder;
import dev.uptake.gateway.Route;
import dev.uptake.gateway.RouteTable;
import dev.uptake.gateway.config.GatewayConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * CORS at the gateway. Write-key routes (tracking and the in-app inbox) serve browsers: they allow the tenant's
 * origins (any by default). Read and admin routes allow only the configured management origins (none by default).
 * A preflight carries no key, so on write-key routes it is granted to any origin and the tenant's list is enforced
 * on the actual request.
 */
@Singleton
public class Cors {

    private static final String ALLOWED_HEADERS = "Authorization, Content-Type, Content-Encoding, X-Request-Id";
    private static final String EXPOSED_HEADERS = "X-Request-Id, Retry-After, RateLimit-Limit, RateLimit-Remaining, "
            + "RateLimit-Reset, X-RateLimit-Reset";
    private static final String ALL_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE";

    private final List<String> managementOrigins;
    private final String maxAgeSeconds;
    private final EdgeProblems problems;

    public Cors(GatewayConfig config, EdgeProblems problems) {
        this.managementOrigins = config.cors().managementOrigins().orElse(List.of());
        this.maxAgeSeconds = Long.toString(config.cors().preflightMaxAge().toSeconds());
        this.problems = problems;
    }

    static boolean isPreflight(HttpServerRequest request) {
        return request.method().name().equals("OPTIONS") && request.getHeader("Origin") != null
                && request.getHeader("Access-Control-Request-Method") != null;
    }

    /** Write keys may call these routes, typically from a browser. */
    static boolean servesBrowsers(Route route) {
        return route.tracking() || route.prefix().equals(RouteTable.INBOX_PREFIX);
    }

    /** Answers a preflight: 204 with the grant, or 403 when the route does not serve this origin. */
    void preflight(RoutingContext ctx, Route route) {
        String origin = ctx.request().getHeader("Origin");
        boolean browserRoute = servesBrowsers(route);
        if (!browserRoute && !allowed(managementOrigins, origin)) {
            problems.send(ctx, 403, "cors-forbidden", "Forbidden",
                    "Cross-origin calls to " + route.prefix() + " are not allowed from " + origin + ".");
            return;
        }
        MultiMap headers = ctx.response().headers();
        headers.set("Access-Control-Allow-Origin", origin);
        headers.set("Access-Control-Allow-Methods", route.tracking() ? "POST" : ALL_METHODS);
        headers.set("Access-Control-Allow-Headers", ALLOWED_HEADERS);
        headers.set("Access-Control-Max-Age", maxAgeSeconds);
        headers.add("Vary", "Origin");
        EdgeProblems.drainUnread(ctx.request());
        ctx.response().setStatusCode(204).end();
    }

    /**
     * For an authenticated cross-origin request: adds the CORS grant and returns true, or returns false when the
     * tenant does not allow this origin on a write-key route (the caller answers 403). Requests without Origin pass.
     */
    boolean grant(RoutingContext ctx, Route route, KeyHolder holder) {
        String origin = ctx.request().getHeader("Origin");
        if (origin == null) {
            return true;
        }
        List<String> origins = servesBrowsers(route) ? holder.settings().allowedOrigins() : managementOrigins;
        if (!allowed(origins, origin)) {
            return !servesBrowsers(route); // management routes: no grant, the browser hides the answer
        }
        MultiMap headers = ctx.response().headers();
        headers.set("Access-Control-Allow-Origin", origin);
        headers.set("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        headers.add("Vary", "Origin");
        return true;
    }

    private static boolean allowed(List<String> origins, String origin) {
        return origins.contains("*") || origins.stream().anyMatch(allowed -> allowed.equalsIgnoreCase(origin));
    }
}
