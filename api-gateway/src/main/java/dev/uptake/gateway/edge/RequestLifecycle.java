package dev.uptake.gateway.edge;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import dev.uptake.contracts.InternalHeaders;
import dev.uptake.kit.problem.Problems;
import io.quarkus.logging.Log;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * First handler of every request: request id, removal of client-sent internal headers, security headers on every
 * answer, and one JSON access-log line plus metrics when the answer is done.
 */
@Singleton
public class RequestLifecycle {

    /** Before Quarkus's own handlers (body limits at -2, REST at 10000) and before every other edge handler. */
    static final int ORDER = -300;
    private static final Pattern CLIENT_REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    static final String ACCESS_LOGGER = "dev.uptake.gateway.access";
    static final int CLIENT_CLOSED = 499;

    private final GatewayMetrics metrics;
    private final EdgeProblems problems;
    private final AccessLog accessLog;

    public RequestLifecycle(GatewayMetrics metrics, EdgeProblems problems, AccessLog accessLog) {
        this.metrics = metrics;
        this.problems = problems;
        this.accessLog = accessLog;
    }

    void register(@Observes Router router) {
        router.route().order(ORDER).handler(this::handle).failureHandler(this::failed);
    }

    /** Failures outside JAX-RS (which has its own mappers): a problem without internals, never a stack trace. */
    void failed(RoutingContext ctx) {
        int status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
        if (status >= 500) {
            Log.errorf(ctx.failure(), "Request %s failed", ctx.<String>get(EdgeAttributes.REQUEST_ID));
        }
        problems.send(ctx, status, Problems.defaultSlug(status), Problems.defaultTitle(status),
                status >= 500 ? "The request failed on our side. It has been logged; retry later."
                        : Problems.defaultTitle(status) + ".");
    }

    void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        MultiMap headers = ctx.request().headers();
        removeInternalHeaders(headers);
        String requestId = requestId(headers.get(InternalHeaders.REQUEST_ID));
        headers.set(InternalHeaders.REQUEST_ID, requestId);
        ctx.put(EdgeAttributes.REQUEST_ID, requestId);
        ctx.put(EdgeAttributes.FAMILY, family(ctx.normalizedPath()));
        ctx.addHeadersEndHandler(v -> secureHeaders(ctx.response(), requestId, ctx.normalizedPath()));
        // Whether the response ended, not whether the end handler succeeded: an HTTP/2 stream may report its close
        // before the end of a response it sent whole.
        ctx.addEndHandler(done -> finished(ctx, start, ctx.response().ended()));
        ctx.next();
    }

    /** A client's X-Uptake-* header is never trusted: only the gateway sets them, after authentication. */
    static void removeInternalHeaders(MultiMap headers) {
        List<String> internal = new ArrayList<>();
        for (String name : headers.names()) {
            if (name.toLowerCase(Locale.ROOT).startsWith("x-uptake-")) {
                internal.add(name);
            }
        }
        internal.forEach(headers::remove);
    }

    static String requestId(String offered) {
        return offered != null && CLIENT_REQUEST_ID.matcher(offered).matches() ? offered
                : UUID.randomUUID().toString();
    }

    private static String family(String path) {
        if (path == null) {
            return "other";
        }
        if (path.startsWith("/admin/") || path.equals("/admin")) {
            return "admin";
        }
        if (path.startsWith("/q/")) {
            return "management";
        }
        if (path.equals("/openapi") || path.startsWith("/docs")) {
            return "docs";
        }
        return "other";
    }

    private static void secureHeaders(HttpServerResponse response, String requestId, String path) {
        MultiMap headers = response.headers();
        headers.set(InternalHeaders.REQUEST_ID, requestId);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Frame-Options", "DENY");
        headers.remove("Server");
        headers.remove("X-Powered-By");
        if (path == null || !path.startsWith("/docs")) {
            headers.set("Cache-Control", "no-store");
        }
    }

    private void finished(RoutingContext ctx, long start, boolean answered) {
        // A caller that went away before the answer ended gets nginx's 499, not the 200 an unwritten response reports.
        int status = answered ? ctx.response().getStatusCode() : CLIENT_CLOSED;
        String family = ctx.get(EdgeAttributes.FAMILY);
        metrics.request(family, status);
        if (accessLog.enabled()) {
            accessLog.append(accessLine(Instant.now(), ctx.request().method().name(), ctx.request().path(), status,
                    (System.nanoTime() - start) / 1_000_000.0, family, ctx.get(EdgeAttributes.TENANT),
                    ctx.get(EdgeAttributes.REQUEST_ID)));
        }
    }

    /**
     * One access-log line: a JSON object with the fields of the services' JSON log lines (timestamp, level,
     * loggerName, message) and the request's. Never the query string, headers or body: they may hold keys or personal
     * data. Built without a JSON mapper, which showed in profiles of the proxied path.
     */
    static StringBuilder accessLine(Instant at, String method, String path, int status, double durationMs,
            String family, String tenant, String requestId) {
        StringBuilder line = new StringBuilder(320).append("{\"timestamp\":\"").append(at)
                .append("\",\"level\":\"INFO\",\"loggerName\":\"" + ACCESS_LOGGER + "\",\"message\":");
        quote(line, method + ' ' + path + ' ' + status).append(",\"method\":");
        quote(line, method).append(",\"path\":");
        quote(line, path).append(",\"status\":").append(status).append(",\"durationMs\":").append(durationMs)
                .append(",\"family\":");
        quote(line, family).append(",\"tenant\":");
        quote(line, tenant).append(",\"requestId\":");
        return quote(line, requestId).append('}');
    }

    /** A JSON string (or null), escaped by Jackson's encoder (no mapper involved). */
    static StringBuilder quote(StringBuilder out, String value) {
        if (value == null) {
            return out.append("null");
        }
        return out.append('"').append(JsonStringEncoder.getInstance().quoteAsString(value)).append('"');
    }
}
