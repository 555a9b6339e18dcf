package dev.uptake.gateway.edge;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.uptake.contracts.InternalHeaders;
import dev.uptake.gateway.AccessPolicy;
import dev.uptake.gateway.KeyHolder;
import dev.uptake.gateway.Route;
import dev.uptake.gateway.RouteTable;
import dev.uptake.gateway.TokenBucket;
import dev.uptake.gateway.Upstream;
import dev.uptake.gateway.config.GatewayConfig;
import dev.uptake.gateway.edge.GatewayMetrics.Rejection;
import dev.uptake.gateway.service.KeyAuthenticator;
import dev.uptake.gateway.service.RateLimiter;
import dev.uptake.kit.security.InternalAuthConfig;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The public {@code /v1} API: route lookup, body caps, API key authentication and authorization, then either the
 * upstream proxy or, for {@code /v1/keys}, the gateway's own resource.
 */
@Singleton
public class ApiGateway {

    static final int ORDER = -100;
    private static final Set<HttpMethod> BODY_METHODS = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);
    /** Encoded separators could make an upstream see another path than the one authorized here. */
    private static final Pattern AMBIGUOUS_PATH = Pattern.compile("(?i).*(%2f|%5c|%2e|\\\\|;).*");
    private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate",
            "Basic realm=\"Uptake\", Bearer realm=\"Uptake\"");

    private final KeyAuthenticator authenticator;
    private final RateLimiter rateLimiter;
    private final Cors cors;
    private final UpstreamProxy proxy;
    private final EdgeProblems problems;
    private final GatewayMetrics metrics;
    private final GatewayConfig config;
    private final String gatewayToken;
    private final Vertx vertx;

    public ApiGateway(KeyAuthenticator authenticator, RateLimiter rateLimiter, Cors cors, UpstreamProxy proxy,
            EdgeProblems problems, GatewayMetrics metrics, GatewayConfig config, InternalAuthConfig internal,
            Vertx vertx) {
        this.authenticator = authenticator;
        this.rateLimiter = rateLimiter;
        this.cors = cors;
        this.proxy = proxy;
        this.problems = problems;
        this.metrics = metrics;
        this.config = config;
        this.gatewayToken = internal.token();
        this.vertx = vertx;
    }

    void register(@Observes Router router) {
        router.route("/v1/*").order(ORDER).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        request.pause(); // nothing of the body is read until the caller is known
        if (AMBIGUOUS_PATH.matcher(request.path()).matches()) {
            problems.send(ctx, 400, "bad-path", "Bad request", "Encoded separators are not allowed in the path.");
            return;
        }
        Optional<Route> found = RouteTable.resolve(ctx.normalizedPath());
        if (found.isEmpty()) {
            problems.send(ctx, 404, "not-found", "Not found", "No resource at this path.");
            return;
        }
        Route route = found.get();
        ctx.put(EdgeAttributes.FAMILY, route.family());
        if (Cors.isPreflight(request)) {
            cors.preflight(ctx, route);
            return;
        }
        Long length = contentLength(request);
        if (length != null && length < 0) {
            problems.send(ctx, 400, "bad-request", "Bad request", "Content-Length is not a number.");
            return;
        }
        long cap = maxBodyBytes(route);
        if (length != null && length > cap) {
            tooLarge(ctx, cap + " bytes this endpoint accepts");
            return;
        }
        Optional<String> presented = Credentials.fromAuthorization(request.getHeader("Authorization"));
        boolean readBody = route.upstream().isPresent()
                && ((length == null && ofUnknownLength(request)) || (presented.isEmpty() && acceptsBodyKey(request, route)));
        Future<Buffer> body = readBody ? BoundedBody.read(request, cap) : Future.succeededFuture();
        body.onFailure(failure -> {
            if (failure instanceof BoundedBody.TooLargeException) {
                tooLarge(ctx, cap + " bytes this endpoint accepts");
            } else {
                ctx.fail(failure);
            }
        }).onSuccess(buffer -> {
            String key;
            try {
                key = presented.orElseGet(() -> Credentials
                        .fromBody(buffer, request.getHeader("Content-Encoding"), cap).orElse(null));
            } catch (BoundedBody.TooLargeException inflated) {
                tooLarge(ctx, cap + " bytes this endpoint accepts once decompressed");
                return;
            }
            authenticator.authenticate(key).subscribe().with(holder -> {
                try {
                    authorized(ctx, route, holder, buffer);
                } catch (RuntimeException e) {
                    ctx.fail(e); // Mutiny would drop it, and the request would never be answered
                }
            }, ctx::fail);
        });
    }

    private void authorized(RoutingContext ctx, Route route, Optional<KeyHolder> found, Buffer body) {
        HttpServerRequest request = ctx.request();
        if (found.isEmpty()) {
            metrics.rejected(Rejection.AUTH, null);
            problems.send(ctx, 401, "unauthorized", "Unauthorized",
                    "Send a valid API key as HTTP Basic username or as Authorization: Bearer <key>.", CHALLENGE);
            return;
        }
        KeyHolder holder = found.get();
        ctx.put(EdgeAttributes.TENANT, holder.tenantId());
        String method = request.method().name();
        if (!AccessPolicy.allows(holder.kind(), method, route)) {
            metrics.rejected(Rejection.FORBIDDEN, holder.tenantId());
            problems.send(ctx, 403, "forbidden", "Forbidden",
                    "A " + holder.kind().wireName() + " key cannot call " + method + " " + route.prefix() + ".");
            return;
        }
        if (!cors.grant(ctx, route, holder)) {
            metrics.rejected(Rejection.FORBIDDEN, holder.tenantId());
            problems.send(ctx, 403, "origin-forbidden", "Forbidden",
                    "This tenant does not allow calls from " + request.getHeader("Origin") + ".");
            return;
        }
        if (!withinRateLimit(ctx, route, holder)) {
            return;
        }
        setInternalHeaders(request.headers(), holder);
        Optional<Upstream> upstream = route.upstream();
        if (upstream.isEmpty()) {
            ctx.next(); // /v1/keys: served by the gateway's own resource, which reads the headers just set
            return;
        }
        String query = request.query();
        proxy.forward(ctx, upstream.get(), route.upstreamPath(ctx.normalizedPath()) + (query == null ? "" : "?" + query),
                body);
    }

    private boolean withinRateLimit(RoutingContext ctx, Route route, KeyHolder holder) {
        TokenBucket.Decision decision = rateLimiter.take(holder, route.tracking());
        MultiMap headers = ctx.response().headers();
        headers.set("RateLimit-Limit", Integer.toString(decision.limit()));
        headers.set("RateLimit-Remaining", Integer.toString(decision.remaining()));
        headers.set("RateLimit-Reset", Long.toString(decision.resetSeconds()));
        if (decision.allowed()) {
            return true;
        }
        metrics.rejected(Rejection.RATE_LIMITED, holder.tenantId());
        Runnable reject = () -> problems.send(ctx, 429, "rate-limited", "Too many requests",
                "This key sent more than its rate limit allows; retry after " + decision.retryAfterSeconds() + " s.",
                // analytics.js waits X-RateLimit-Reset seconds before it retries a batch (5 s without it).
                Map.of("Retry-After", Long.toString(decision.retryAfterSeconds()), "X-RateLimit-Reset",
                        Long.toString(decision.retryAfterSeconds())));
        long delayMillis = rejectionDelayMillis(config.rateLimits().rejectionDelay(), decision);
        if (delayMillis > 0) {
            vertx.setTimer(delayMillis, timer -> {
                if (!ctx.response().closed()) {
                    reject.run();
                }
            });
        } else {
            reject.run();
        }
        return false;
    }

    /** The configured delay, never beyond what Retry-After tells the client to wait anyway. */
    static long rejectionDelayMillis(java.time.Duration configured, TokenBucket.Decision decision) {
        return Math.min(configured.toMillis(), decision.retryAfterSeconds() * 1000);
    }

    /** What upstreams trust: the credentials are replaced by the resolved tenant and the gateway's own token. */
    private void setInternalHeaders(MultiMap headers, KeyHolder holder) {
        headers.remove("Authorization");
        headers.set(InternalHeaders.TENANT, holder.tenantId());
        headers.set(InternalHeaders.KEY_KIND, holder.kind().wireName());
        headers.set(InternalHeaders.GATEWAY_TOKEN, gatewayToken);
    }

    /** Refused before the key was known, so counted without a tenant. */
    private void tooLarge(RoutingContext ctx, String limit) {
        metrics.rejected(Rejection.TOO_LARGE, null);
        // Close the connection rather than read the rest of an oversized body.
        problems.send(ctx, 413, "payload-too-large", "Payload too large",
                "The body is larger than the " + limit + ".", Map.of("Connection", "close"));
    }

    private long maxBodyBytes(Route route) {
        return route.upstream().filter(upstream -> upstream == Upstream.INGESTION).isPresent()
                ? config.limits().ingestionMaxBodyBytes() : config.limits().otherMaxBodyBytes();
    }

    /**
     * Segment's tracking bodies may carry {@code writeKey} instead of an Authorization header: analytics.js sends
     * every call that way.
     */
    private static boolean acceptsBodyKey(HttpServerRequest request, Route route) {
        return request.method().name().equals("POST") && route.tracking();
    }

    /**
     * A body whose size only its end tells: chunked over HTTP/1.1; over HTTP/2, any body sent without Content-Length,
     * which has no Transfer-Encoding to say so. Read at the edge, it is held to the cap and forwarded with its length:
     * the proxy would otherwise send an HTTP/2 one upstream as neither chunked nor sized, that is empty.
     */
    private static boolean ofUnknownLength(HttpServerRequest request) {
        if (request.version() == HttpVersion.HTTP_2) {
            return BODY_METHODS.contains(request.method());
        }
        String encoding = request.getHeader("Transfer-Encoding");
        return encoding != null && encoding.toLowerCase().contains("chunked");
    }

    /** Null when absent, negative when malformed. */
    private static Long contentLength(HttpServerRequest request) {
        String value = request.getHeader("Content-Length");
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1L;
        }
    }
}
