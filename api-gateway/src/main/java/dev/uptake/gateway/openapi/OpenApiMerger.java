package dev.uptake.gateway.openapi;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.uptake.gateway.AccessPolicy;
import dev.uptake.gateway.KeyKind;
import dev.uptake.gateway.Route;
import dev.uptake.gateway.RouteTable;
import dev.uptake.gateway.Upstream;
import io.quarkus.logging.Log;

/**
 * Merges the gateway's own document with each upstream's into the public contract: only the paths the gateway
 * routes to that upstream, components merged (a same-named component with other content is renamed with the
 * upstream's name and its references rewritten), security schemes, the answers the gateway itself can give, and
 * {@code x-required-key-kind} on every operation.
 */
public final class OpenApiMerger {

    static final String REQUIRED_KIND = "x-required-key-kind";
    static final String ACCEPTED_KINDS = "x-accepted-key-kinds";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");
    private static final Set<String> BODY_METHODS = Set.of("post", "put", "patch");

    private final ObjectNode merged = JSON.objectNode();
    private final ObjectNode paths = JSON.objectNode();
    private final ObjectNode components = JSON.objectNode();
    private final ArrayNode tags = JSON.arrayNode();
    private final Set<String> tagNames = new HashSet<>();

    private OpenApiMerger() {
    }

    /** Upstreams missing from {@code upstreams} are listed in {@code info.x-uptake-unavailable-upstreams}. */
    public static ObjectNode merge(JsonNode gateway, Map<Upstream, JsonNode> upstreams) {
        OpenApiMerger merger = new OpenApiMerger();
        merger.header(gateway, upstreams);
        merger.add("gateway", gateway, OpenApiMerger::isGatewayPath);
        for (Upstream upstream : Upstream.values()) {
            JsonNode document = upstreams.get(upstream);
            if (document != null) {
                merger.add(upstream.id(), document, path -> servedBy(path, upstream));
            }
        }
        merger.addAliases();
        merger.addGatewayComponents();
        merger.annotateOperations();
        return merger.merged;
    }

    private void header(JsonNode gateway, Map<Upstream, JsonNode> upstreams) {
        merged.put("openapi", gateway.path("openapi").asText("3.1.0"));
        ObjectNode info = merged.putObject("info");
        info.put("title", "Uptake API");
        info.put("version", gateway.path("info").path("version").asText("0.1.0"));
        info.put("description", "Every public Uptake endpoint, as served by the gateway. Send an API key as "
                + "HTTP Basic user name (Segment SDKs), as a Bearer token, or, on a tracking call, as the body's "
                + "writeKey (analytics.js); x-required-key-kind names the least "
                + "powerful key kind an operation accepts (admin keys are accepted everywhere in their tenant).");
        List<String> unavailable = new ArrayList<>();
        for (Upstream upstream : Upstream.values()) {
            if (!upstreams.containsKey(upstream)) {
                unavailable.add(upstream.id());
            }
        }
        if (!unavailable.isEmpty()) {
            ArrayNode missing = info.putArray("x-uptake-unavailable-upstreams");
            unavailable.forEach(missing::add);
        }
        merged.set("tags", tags);
        merged.set("paths", paths);
        merged.set("components", components);
    }

    private static boolean isGatewayPath(String path) {
        return path.equals("/admin") || path.startsWith("/admin/")
                || RouteTable.resolve(path).filter(route -> route.upstream().isEmpty()).isPresent();
    }

    private static boolean servedBy(String path, Upstream upstream) {
        return RouteTable.resolve(path).flatMap(Route::upstream).filter(upstream::equals).isPresent();
    }

    private void add(String source, JsonNode original, Predicate<String> keepPath) {
        JsonNode document = original.deepCopy();
        Map<String, String> renamedRefs = new HashMap<>();
        Map<String, String> targetNames = new HashMap<>();
        document.path("components").fields().forEachRemaining(section -> section.getValue().fields()
                .forEachRemaining(component -> {
                    String name = component.getKey();
                    String target = targetName(source, section.getKey(), name, component.getValue());
                    targetNames.put(section.getKey() + "/" + name, target);
                    if (!target.equals(name)) {
                        renamedRefs.put(ref(section.getKey(), name), ref(section.getKey(), target));
                    }
                }));
        if (!renamedRefs.isEmpty()) {
            rewriteRefs(document, renamedRefs);
        }
        document.path("components").fields().forEachRemaining(section -> section.getValue().fields()
                .forEachRemaining(component -> {
                    ObjectNode target = sectionOf(section.getKey());
                    String name = targetNames.get(section.getKey() + "/" + component.getKey());
                    if (!target.has(name)) {
                        target.set(name, component.getValue());
                    }
                }));
        document.path("paths").fields().forEachRemaining(path -> {
            if (!keepPath.test(path.getKey())) {
                return;
            }
            if (paths.has(path.getKey())) {
                Log.warnf("OpenAPI: %s describes %s again; keeping the first description", source, path.getKey());
                return;
            }
            paths.set(path.getKey(), path.getValue());
        });
        for (JsonNode tag : document.path("tags")) {
            if (tagNames.add(tag.path("name").asText())) {
                tags.add(tag);
            }
        }
    }

    /** Segment's other names for tracking paths ({@code /v1/t}), each described as the path it stands for. */
    private void addAliases() {
        for (Route route : RouteTable.routes()) {
            JsonNode target = paths.get(route.upstreamPrefix());
            if (!route.isAlias() || target == null || paths.has(route.prefix())) {
                continue;
            }
            ObjectNode alias = target.deepCopy();
            alias.fields().forEachRemaining(operation -> {
                if (METHODS.contains(operation.getKey()) && operation.getValue() instanceof ObjectNode op) {
                    if (op.hasNonNull("operationId")) {
                        op.put("operationId", op.get("operationId").asText() + route.prefix().replace('/', '_'));
                    }
                    op.put("summary", op.path("summary").asText(route.upstreamPrefix()) + " (at " + route.prefix() + ")");
                    op.put("description", "Segment's other name for " + route.upstreamPrefix()
                            + ", served the same way (analytics.js, Segment's browser SDK, posts to /v1/t, /v1/i, "
                            + "/v1/g, /v1/p, /v1/s, /v1/a and /v1/b as text/plain with the write key in the body). "
                            + op.path("description").asText(""));
                }
            });
            paths.set(route.prefix(), alias);
        }
    }

    /** The component's name in the merged document: its own, unless another source took it with other content. */
    private String targetName(String source, String section, String name, JsonNode value) {
        JsonNode existing = components.path(section).get(name);
        if (existing == null || existing.equals(value)) {
            return name;
        }
        String prefix = source.substring(0, 1).toUpperCase(Locale.ROOT) + source.substring(1);
        String candidate = prefix + name;
        for (int i = 2; components.path(section).has(candidate); i++) {
            candidate = prefix + name + i;
        }
        return candidate;
    }

    private static String ref(String section, String name) {
        return "#/components/" + section + "/" + name;
    }

    private static void rewriteRefs(JsonNode node, Map<String, String> renamed) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual() && renamed.containsKey(ref.asText())) {
                object.set("$ref", TextNode.valueOf(renamed.get(ref.asText())));
            }
            object.elements().forEachRemaining(child -> rewriteRefs(child, renamed));
        } else if (node instanceof ArrayNode array) {
            array.elements().forEachRemaining(child -> rewriteRefs(child, renamed));
        }
    }

    private ObjectNode sectionOf(String section) {
        JsonNode existing = components.get(section);
        return existing instanceof ObjectNode object ? object : components.putObject(section);
    }

    private void addGatewayComponents() {
        ObjectNode schemes = sectionOf("securitySchemes");
        schemes.set("writeKey", scheme("basic",
                "A key as HTTP Basic user name with an empty password, as Segment SDKs send it."));
        schemes.set("bearer", scheme("bearer", "Any API key: Authorization: Bearer upk_<kind>_<prefix>_<secret>."));
        schemes.set("operatorToken", scheme("bearer", "The operator token (UPTAKE_OPERATOR_TOKEN)."));
        ObjectNode schemas = sectionOf("schemas");
        if (!schemas.has("Problem")) {
            ObjectNode problem = schemas.putObject("Problem");
            problem.put("type", "object");
            problem.put("description", "RFC 9457 problem detail (application/problem+json)");
        }
        ObjectNode responses = sectionOf("responses");
        responses.set("GatewayUnauthorized", problemResponse("Missing, invalid or revoked API key"));
        responses.set("GatewayForbidden", problemResponse("The key's kind may not call this operation"));
        responses.set("GatewayPayloadTooLarge", problemResponse("Body larger than this route accepts"));
        ObjectNode rateLimited = problemResponse("Rate limit of the key exceeded; see Retry-After");
        ObjectNode headers = rateLimited.putObject("headers");
        for (String header : List.of("Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")) {
            headers.putObject(header).putObject("schema").put("type", "integer");
        }
        responses.set("GatewayRateLimited", rateLimited);
        responses.set("GatewayUnavailable", problemResponse("The service behind the gateway is down"));
        responses.set("GatewayTimeout", problemResponse("The service behind the gateway did not answer in time"));
    }

    private void annotateOperations() {
        paths.fields().forEachRemaining(path -> {
            Optional<Route> route = RouteTable.resolve(path.getKey());
            Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields();
            while (operations.hasNext()) {
                Map.Entry<String, JsonNode> operation = operations.next();
                if (METHODS.contains(operation.getKey()) && operation.getValue() instanceof ObjectNode op) {
                    if (route.isPresent()) {
                        annotateKeyOperation(op, operation.getKey(), route.get());
                    } else {
                        op.put(REQUIRED_KIND, "operator");
                        op.set("security", security("operatorToken"));
                    }
                }
            }
        });
    }

    private void annotateKeyOperation(ObjectNode operation, String method, Route route) {
        List<KeyKind> accepted = AccessPolicy.accepted(method.toUpperCase(Locale.ROOT), route);
        operation.put(REQUIRED_KIND, accepted.get(0).wireName());
        ArrayNode kinds = operation.putArray(ACCEPTED_KINDS);
        accepted.forEach(kind -> kinds.add(kind.wireName()));
        operation.set("security", accepted.contains(KeyKind.WRITE) ? security("writeKey", "bearer")
                : security("bearer"));
        ObjectNode responses = operation.has("responses") ? (ObjectNode) operation.get("responses")
                : operation.putObject("responses");
        gatewayResponse(responses, "401", "GatewayUnauthorized");
        gatewayResponse(responses, "403", "GatewayForbidden");
        if (BODY_METHODS.contains(method)) {
            gatewayResponse(responses, "413", "GatewayPayloadTooLarge");
        }
        gatewayResponse(responses, "429", "GatewayRateLimited");
        gatewayResponse(responses, "503", "GatewayUnavailable");
        gatewayResponse(responses, "504", "GatewayTimeout");
    }

    /**
     * The gateway's own answer with {@code status}. Where the service documents that status too (a 503
     * {@code analysis-busy}, say), one entry must hold both: the service's, whose description also names the gateway's.
     */
    private void gatewayResponse(ObjectNode responses, String status, String component) {
        if (!responses.has(status)) {
            responses.putObject(status).put("$ref", ref("responses", component));
        } else if (responses.get(status) instanceof ObjectNode own && !own.has("$ref")) {
            String gateway = sectionOf("responses").path(component).path("description").asText();
            String description = own.path("description").asText();
            if (!description.contains(gateway)) {
                own.put("description", (description.isEmpty() ? "" : description + ". Or, from the gateway: ")
                        + gateway);
            }
        }
    }

    private static ArrayNode security(String... schemes) {
        ArrayNode alternatives = JSON.arrayNode();
        for (String scheme : schemes) {
            alternatives.addObject().putArray(scheme);
        }
        return alternatives;
    }

    private static ObjectNode scheme(String httpScheme, String description) {
        ObjectNode scheme = JSON.objectNode();
        scheme.put("type", "http");
        scheme.put("scheme", httpScheme);
        scheme.put("description", description);
        return scheme;
    }

    private static ObjectNode problemResponse(String description) {
        ObjectNode response = JSON.objectNode();
        response.put("description", description);
        response.putObject("content").putObject("application/problem+json").putObject("schema")
                .put("$ref", ref("schemas", "Problem"));
        return response;
    }
}
