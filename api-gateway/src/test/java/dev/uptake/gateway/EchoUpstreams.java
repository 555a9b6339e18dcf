package dev.uptake.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * The three upstreams as small HTTP servers that answer what they received (method, URI, headers, body), so tests
 * can assert exactly what the gateway forwarded. {@code .../slow} paths answer only after the gateway's test timeout;
 * a request with {@code X-Echo-Close: true} is read whole and then its connection is closed without an answer, as a
 * service that stops mid-request does; {@code /q/openapi} serves a sample document from
 * {@code upstream-openapi/<upstream>.json}.
 */
public class EchoUpstreams implements QuarkusTestResourceLifecycleManager {

    static final long SLOW_MILLIS = 3_000;
    private static Vertx vertx;
    private static final Map<Upstream, Integer> PORTS = new EnumMap<>(Upstream.class);
    private static final Map<Upstream, HttpServer> SERVERS = new EnumMap<>(Upstream.class);

    @Override
    public synchronized Map<String, String> start() {
        if (vertx == null) {
            vertx = Vertx.vertx();
            for (Upstream upstream : Upstream.values()) {
                PORTS.put(upstream, 0);
                startServer(upstream);
            }
        }
        Map<String, String> config = new TreeMap<>();
        PORTS.forEach((upstream, port) -> config.put("uptake.gateway.upstreams." + upstream.id(),
                "http://127.0.0.1:" + port));
        return config;
    }

    @Override
    public void stop() {
        // Shared by every test class of this JVM; the JVM's exit ends it.
    }

    /** Closes an upstream's port, so connections to it are refused. */
    public static synchronized void stopServer(Upstream upstream) {
        HttpServer server = SERVERS.remove(upstream);
        if (server != null) {
            await(server.close().toCompletionStage().toCompletableFuture());
        }
    }

    /** Listens again on the upstream's port. */
    public static synchronized void startServer(Upstream upstream) {
        if (SERVERS.containsKey(upstream)) {
            return;
        }
        HttpServer server = vertx.createHttpServer().requestHandler(request -> answer(upstream, request));
        HttpServer started = await(server.listen(PORTS.get(upstream), "127.0.0.1").toCompletionStage()
                .toCompletableFuture());
        PORTS.put(upstream, started.actualPort());
        SERVERS.put(upstream, started);
    }

    private static void answer(Upstream upstream, HttpServerRequest request) {
        if (request.path().equals("/q/openapi")) {
            request.response().putHeader("Content-Type", "application/json").end(openapi(upstream));
            return;
        }
        request.body().onSuccess(body -> {
            if ("true".equals(request.getHeader("X-Echo-Close"))) {
                request.connection().close();
                return;
            }
            JsonObject headers = new JsonObject();
            request.headers().names().forEach(name -> headers.put(name.toLowerCase(),
                    String.join(", ", request.headers().getAll(name))));
            JsonObject echo = new JsonObject().put("upstream", upstream.id()).put("method", request.method().name())
                    .put("uri", request.uri()).put("path", request.path()).put("headers", headers)
                    .put("body", body.toString()).put("bodyBytes", body.length());
            Runnable reply = () -> request.response().putHeader("Content-Type", "application/json")
                    .putHeader("Server", "echo-upstream").putHeader("X-Uptake-Leak", "upstream-internal")
                    .end(echo.encode());
            if (request.path().endsWith("/slow")) {
                vertx.setTimer(SLOW_MILLIS, id -> reply.run());
            } else {
                reply.run();
            }
        });
    }

    private static String openapi(Upstream upstream) {
        try (InputStream in = EchoUpstreams.class.getResourceAsStream("/upstream-openapi/" + upstream.id() + ".json")) {
            return in == null ? "{}" : new String(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
