package dev.uptake.gateway.openapi;

import java.net.URI;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.uptake.gateway.Upstream;
import dev.uptake.gateway.config.GatewayConfig;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Fetches the OpenAPI documents (the gateway's own over loopback, each upstream's {@code /q/openapi}) and keeps the
 * merged one for a short while. A merge that misses an upstream is served but not kept, so it heals on its own.
 */
@ApplicationScoped
public class OpenApiDocuments {

    private record Cached(JsonNode document, long expiresAtNanos) {
    }

    private final HttpClient client;
    private final GatewayConfig config;
    private final ObjectMapper mapper;
    private volatile Cached cached;

    public OpenApiDocuments(Vertx vertx, GatewayConfig config, ObjectMapper mapper) {
        this.client = vertx.createHttpClient();
        this.config = config;
        this.mapper = mapper;
    }

    /** The merged document; {@code self} is where the gateway's own document can be fetched. */
    public Uni<JsonNode> merged(String selfHost, int selfPort) {
        Cached current = cached;
        if (current != null && System.nanoTime() < current.expiresAtNanos()) {
            return Uni.createFrom().item(current.document());
        }
        Future<JsonNode> own = fetch(selfHost, selfPort, false);
        Map<Upstream, Future<JsonNode>> upstreams = new EnumMap<>(Upstream.class);
        for (Upstream upstream : Upstream.values()) {
            URI base = config.upstreams().of(upstream);
            boolean ssl = "https".equalsIgnoreCase(base.getScheme());
            int port = base.getPort() > 0 ? base.getPort() : ssl ? 443 : 80;
            upstreams.put(upstream, fetch(base.getHost(), port, ssl).onFailure(failure -> Log.warnf(
                    "OpenAPI of %s unavailable: %s", upstream.id(), failure.getMessage())));
        }
        List<Future<JsonNode>> all = new java.util.ArrayList<>(upstreams.values());
        all.add(own);
        Future<JsonNode> merged = Future.join(all).transform(done -> {
            if (own.failed()) {
                return Future.failedFuture(own.cause());
            }
            Map<Upstream, JsonNode> documents = new EnumMap<>(Upstream.class);
            upstreams.forEach((upstream, document) -> {
                if (document.succeeded()) {
                    documents.put(upstream, document.result());
                }
            });
            JsonNode document = OpenApiMerger.merge(own.result(), documents);
            if (documents.size() == Upstream.values().length) {
                cached = new Cached(document, System.nanoTime() + config.openapi().cacheTtl().toNanos());
            }
            return Future.succeededFuture(document);
        });
        return Uni.createFrom().completionStage(merged.toCompletionStage());
    }

    private Future<JsonNode> fetch(String host, int port, boolean ssl) {
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(port)
                .setSsl(ssl).setURI("/q/openapi?format=json").putHeader("Accept", "application/json")
                .setIdleTimeout(config.openapi().fetchTimeout().toMillis());
        return client.request(request)
                .compose(outgoing -> outgoing.send())
                .compose(response -> response.statusCode() == 200 ? response.body()
                        : Future.failedFuture("HTTP " + response.statusCode()))
                .compose(this::parse);
    }

    private Future<JsonNode> parse(Buffer body) {
        try {
            return Future.succeededFuture(mapper.readTree(body.getBytes()));
        } catch (java.io.IOException e) {
            return Future.failedFuture(e);
        }
    }
}
