package dev.uptake.gateway.edge;

import java.net.ConnectException;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import jakarta.inject.Singleton;

import dev.uptake.gateway.Upstream;
import dev.uptake.gateway.config.GatewayConfig;
import dev.uptake.kit.problem.Problems;
import io.netty.channel.EventLoop;
import io.quarkus.logging.Log;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.core.http.impl.HttpServerRequestWrapper;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Streams a request to its upstream and the answer back (vertx-http-proxy), behind one circuit breaker per upstream.
 * Refused connections and an open breaker answer 503, silence beyond the timeout 504, both as problem+json.
 */
@Singleton
public class UpstreamProxy {

    /** Headers only the gateway sets on its answers; an upstream's copies are dropped. */
    private static final List<String> GATEWAY_RESPONSE_HEADERS = List.of("server", "x-request-id", "ratelimit-",
            "access-control-", "x-uptake-");

    private record Target(Upstream upstream, String host, int port, boolean ssl, EventLoopClients clients,
            CircuitBreaker breaker) {
    }

    /**
     * One HTTP client per event loop, so a request goes upstream on a connection of the loop that took it. With one
     * shared pool, a connection opened by another loop hands every write and read over to that loop: a wake-up of
     * another thread per request. The pool size is shared out among the loops.
     */
    private static final class EventLoopClients {

        private final Vertx vertx;
        private final HttpClientOptions options;
        private final Map<EventLoop, HttpClient> clients = new ConcurrentHashMap<>();
        private final HttpClient outsideLoops;

        EventLoopClients(Vertx vertx, HttpClientOptions options) {
            this.vertx = vertx;
            this.options = options;
            this.outsideLoops = vertx.createHttpClient(options);
        }

        HttpClient current() {
            ContextInternal context = ContextInternal.current();
            return context == null ? outsideLoops
                    : clients.computeIfAbsent(context.nettyEventLoop(), loop -> vertx.createHttpClient(options));
        }
    }

    private final Map<Upstream, Target> targets = new EnumMap<>(Upstream.class);
    private final long timeoutMillis;
    private final EdgeProblems problems;
    private final GatewayMetrics metrics;

    public UpstreamProxy(Vertx vertx, GatewayConfig config, EdgeProblems problems, GatewayMetrics metrics) {
        this.timeoutMillis = config.upstreamTimeout().toMillis();
        this.problems = problems;
        this.metrics = metrics;
        for (Upstream upstream : Upstream.values()) {
            Target target = target(vertx, config, upstream);
            targets.put(upstream, target);
            metrics.breaker(upstream.id(), () -> target.breaker().state().ordinal());
        }
    }

    /** Closes every breaker; for tests, which need each to start from a closed breaker. */
    void resetBreakers() {
        targets.values().forEach(target -> target.breaker().reset());
    }

    /**
     * Forwards the request as it is, except for its URI (normalized) and, when the edge had to read it, its body.
     * The caller has already replaced the credentials with the internal headers.
     */
    public void forward(RoutingContext ctx, Upstream upstream, String uri, Buffer readBody) {
        Target target = targets.get(upstream);
        HttpProxy proxy = HttpProxy.reverseProxy(target.clients().current())
                .origin(proxyContext -> proxyContext.client().request(new RequestOptions().setHost(target.host())
                        .setPort(target.port()).setSsl(target.ssl()).setIdleTimeout(timeoutMillis)))
                .addInterceptor(new Forwarding(target, uri, readBody));
        proxy.handle(new EndTolerantRequest((HttpServerRequestInternal) ctx.request()));
    }

    /**
     * The proxy pauses the request it is given, and resumes it to let it go when the upstream fails; an HTTP/2 request
     * whose body has ended (read by the edge, or sent whole before the upstream failed) refuses both, where HTTP/1.1
     * lets them pass, and the client's call would never be answered.
     */
    private static final class EndTolerantRequest extends HttpServerRequestWrapper {

        EndTolerantRequest(HttpServerRequestInternal request) {
            super(request);
        }

        @Override
        public HttpServerRequest pause() {
            if (!delegate.isEnded()) {
                delegate.pause();
            }
            return this;
        }

        @Override
        public HttpServerRequest resume() {
            if (!delegate.isEnded()) {
                delegate.resume();
            }
            return this;
        }
    }

    private final class Forwarding implements ProxyInterceptor {

        private final Target target;
        private final String uri;
        private final Buffer readBody;

        Forwarding(Target target, String uri, Buffer readBody) {
            this.target = target;
            this.uri = uri;
            this.readBody = readBody;
        }

        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext proxyContext) {
            proxyContext.request().setURI(uri);
            if (readBody != null) {
                proxyContext.request().setBody(Body.body(readBody));
            }
            CircuitBreaker breaker = target.breaker();
            if (!breaker.tryAcquire()) {
                return answerFailure(proxyContext, new CircuitOpenException());
            }
            return proxyContext.sendRequest().andThen(result -> {
                // Only what says the upstream is unwell counts against it; a client hanging up mid-request does not.
                if (result.failed() && upstreamUnwell(result.cause())) {
                    breaker.onFailure();
                } else {
                    breaker.onSuccess();
                }
            }).recover(failure -> answerFailure(proxyContext, failure));
        }

        @Override
        public Future<Void> handleProxyResponse(ProxyContext proxyContext) {
            MultiMap headers = proxyContext.response().headers();
            List<String> dropped = new ArrayList<>();
            for (String name : headers.names()) {
                String lower = name.toLowerCase(Locale.ROOT);
                if (GATEWAY_RESPONSE_HEADERS.stream().anyMatch(lower::startsWith)) {
                    dropped.add(name);
                }
            }
            dropped.forEach(headers::remove);
            return proxyContext.sendResponse();
        }

        private Future<ProxyResponse> answerFailure(ProxyContext proxyContext, Throwable failure) {
            String name = target.upstream().id();
            int status;
            String slug;
            String detail;
            if (failure instanceof CircuitOpenException) {
                status = 503;
                slug = "upstream-unavailable";
                detail = "The " + name + " service is failing; requests are refused for a few seconds. Retry later.";
                metrics.upstreamFailure(name, "circuit-open");
            } else if (failure instanceof TimeoutException) {
                status = 504;
                slug = "upstream-timeout";
                detail = "The " + name + " service did not answer within " + timeoutMillis + " ms.";
                metrics.upstreamFailure(name, "timeout");
            } else {
                status = 503;
                slug = "upstream-unavailable";
                detail = "The " + name + " service cannot be reached. Retry later.";
                if (failure instanceof io.vertx.core.http.StreamResetException) {
                    // The client went away before the answer; nothing is wrong upstream.
                    metrics.upstreamFailure(name, "client-aborted");
                } else {
                    metrics.upstreamFailure(name, failure instanceof ConnectException ? "refused" : "io");
                    Log.warnf("Upstream %s failed: %s", name, failure.toString());
                }
            }
            Buffer body = problems.json(status, slug, status == 504 ? "Gateway timeout" : "Service unavailable",
                    detail, proxyContext.request().proxiedRequest().path());
            ProxyResponse response = proxyContext.request().release().response().setStatusCode(status)
                    .putHeader("Content-Type", Problems.MEDIA_TYPE).setBody(Body.body(body));
            if (status == 503) {
                response.putHeader("Retry-After", "5");
            }
            return Future.succeededFuture(response);
        }
    }

    /** The breaker refused the call without trying the upstream. */
    static final class CircuitOpenException extends RuntimeException {
        CircuitOpenException() {
            super("circuit open", null, false, false);
        }
    }

    static boolean upstreamUnwell(Throwable failure) {
        return failure instanceof ConnectException || failure instanceof TimeoutException
                || failure instanceof io.vertx.core.http.HttpClosedException
                || failure instanceof io.netty.channel.ConnectTimeoutException;
    }

    private static Target target(Vertx vertx, GatewayConfig config, Upstream upstream) {
        URI base = config.upstreams().of(upstream);
        boolean ssl = "https".equalsIgnoreCase(base.getScheme());
        int port = base.getPort() > 0 ? base.getPort() : ssl ? 443 : 80;
        int loops = 0;
        for (var ignored : ((VertxInternal) vertx).getEventLoopGroup()) {
            loops++;
        }
        HttpClientOptions options = new HttpClientOptions()
                .setMaxPoolSize(Math.max(1, (config.upstreamPoolSize() + loops - 1) / Math.max(1, loops)))
                .setConnectTimeout((int) config.upstreamConnectTimeout().toMillis())
                .setKeepAlive(true)
                .setDecompressionSupported(false)
                .setSsl(ssl);
        GatewayConfig.CircuitBreaker settings = config.circuitBreaker();
        CircuitBreaker breaker = new CircuitBreaker(settings.requestVolumeThreshold(), settings.failureRatio(),
                settings.delay().toNanos(), System::nanoTime);
        return new Target(upstream, base.getHost(), port, ssl, new EventLoopClients(vertx, options), breaker);
    }
}
