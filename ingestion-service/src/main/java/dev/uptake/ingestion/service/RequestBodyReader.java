package dev.uptake.ingestion.service;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.uptake.ingestion.config.IngestionConfig;
import dev.uptake.kit.http.CappedInputStream;
import dev.uptake.kit.problem.Problem;
import dev.uptake.kit.problem.ProblemException;

/**
 * Reads a tracking request body within Segment's limits: JSON only, gzip accepted, at most {@code maxBodyBytes} after
 * decompression (so a small compressed bomb is refused while it inflates), bounded nesting and field counts.
 */
@ApplicationScoped
public class RequestBodyReader {

    /**
     * JSON, or text/plain as Segment's browser SDK (analytics.js) sends it: a simple request, so browsers send no CORS
     * preflight first.
     */
    static boolean readable(String contentType) {
        if (contentType == null) {
            return false;
        }
        String lower = contentType.toLowerCase(Locale.ROOT);
        return lower.contains("json") || lower.split(";", 2)[0].trim().equals("text/plain");
    }

    private final ObjectMapper mapper;
    /** A key twice in one object is refused: which copy counts would otherwise be the parser's choice. */
    private final ObjectReader strictReader;
    private final IngestionConfig config;

    public RequestBodyReader(ObjectMapper mapper, IngestionConfig config) {
        this.mapper = mapper;
        this.strictReader = mapper.reader().with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        this.config = config;
    }

    public JsonNode readObject(byte[] raw, String contentType, String contentEncoding) {
        if (!readable(contentType)) {
            throw ProblemException.badRequest("unsupported-content-type", "Unsupported Content-Type",
                    "Send the body as application/json or text/plain (got "
                            + (contentType == null ? "none" : contentType) + ").");
        }
        byte[] body = decode(raw, contentEncoding);
        if (body.length == 0) {
            throw ProblemException.badRequest("empty-body", "Empty body", "The request body is empty.");
        }
        JsonNode node;
        try {
            node = strictReader.readTree(body);
        } catch (JsonProcessingException e) {
            // On a syntactically valid body the tree reader's only complaint is a repeated key.
            if (e instanceof MismatchedInputException && e.getProcessor() instanceof JsonParser parser) {
                throw ProblemException.badRequest("duplicate-key", "Duplicate key", "The key \""
                        + currentName(parser) + "\" appears twice in one object" + location(e)
                        + "; each key may appear once per object.");
            }
            throw ProblemException.badRequest("malformed-json", "Malformed JSON",
                    "The request body is not valid JSON" + location(e) + ".");
        } catch (IOException e) {
            throw ProblemException.badRequest("malformed-json", "Malformed JSON", "The request body could not be read.");
        }
        if (node == null || !node.isObject()) {
            throw ProblemException.badRequest("malformed-json", "Malformed JSON", "The request body must be a JSON object.");
        }
        return node;
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    /** The key the parser stopped at, cut short: names may be long, and the answer echoes it. */
    private static String currentName(JsonParser parser) {
        try {
            String name = parser.currentName();
            return name == null ? "?" : name.length() <= 100 ? name : name.substring(0, 100) + "…";
        } catch (IOException e) {
            return "?";
        }
    }

    /** Checks one event's size, depth and field count; {@code name} says which event in the error. */
    public void checkEventLimits(JsonNode event, String name) {
        // Serialising every event to measure it was ~5 % of ingestion's CPU; a bound that fits settles nearly all.
        if (sizeBound(event) > config.maxEventBytes()) {
            int size = serializedSize(event);
            if (size > config.maxEventBytes()) {
                throw tooMuch(name, "event-too-large", "Event too large", name + " is " + size
                        + " bytes; one event may be at most " + config.maxEventBytes() + " bytes.");
            }
        }
        int depth = depth(event);
        if (depth > config.maxNestingDepth()) {
            throw tooMuch(name, "too-deep", "Nesting too deep",
                    name + " nests " + depth + " levels; at most " + config.maxNestingDepth() + " are allowed.");
        }
        int fields = fieldCount(event.get("properties")) + fieldCount(event.get("traits"));
        if (fields > config.maxProperties()) {
            throw tooMuch(name, "too-many-properties", "Too many properties",
                    name + " has " + fields + " properties and traits; at most " + config.maxProperties() + " are allowed.");
        }
    }

    private static ProblemException tooMuch(String name, String slug, String title, String detail) {
        return new ProblemException(400, slug, title, detail, List.of(new Problem.FieldError(name, title)),
                Map.of());
    }

    private byte[] decode(byte[] raw, String contentEncoding) {
        if (raw == null) {
            return new byte[0];
        }
        if (contentEncoding == null || contentEncoding.isBlank() || contentEncoding.equalsIgnoreCase("identity")) {
            if (raw.length > config.maxBodyBytes()) {
                throw tooLarge(raw.length);
            }
            return raw;
        }
        if (!contentEncoding.equalsIgnoreCase("gzip")) {
            throw ProblemException.badRequest("unsupported-encoding", "Unsupported Content-Encoding",
                    "Only gzip is accepted (got " + contentEncoding + ").");
        }
        try (InputStream in = new CappedInputStream(new GZIPInputStream(new ByteArrayInputStream(raw)),
                config.maxBodyBytes())) {
            return in.readAllBytes();
        } catch (CappedInputStream.CapExceeded bomb) {
            throw tooLarge(bomb.bytesRead());
        } catch (IOException e) {
            throw ProblemException.badRequest("malformed-gzip", "Malformed gzip",
                    "Content-Encoding is gzip but the body is not a valid gzip stream.");
        }
    }

    private ProblemException tooLarge(long seen) {
        return new ProblemException(413, "payload-too-large", "Payload too large",
                "The body is larger than " + config.maxBodyBytes() + " bytes" + " (after decompression; read "
                        + seen + " bytes before stopping).", List.of(), Map.of());
    }

    private int serializedSize(JsonNode event) {
        try {
            return mapper.writeValueAsBytes(event).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed tree always serialises", e);
        }
    }

    /**
     * At least as many bytes as {@code node} serialises to in UTF-8: six per character of a string or name (a
     * six-character unicode escape is the most one char can take), the longest text of an int, long or double, and
     * {@link Long#MAX_VALUE} for other numbers (big decimals and integers), which sends them to the exact count.
     */
    static long sizeBound(JsonNode node) {
        if (node == null || node.isNull()) {
            return 4;
        }
        if (node.isTextual()) {
            return 2 + 6L * node.textValue().length();
        }
        if (node.isBoolean()) {
            return 5;
        }
        if (node.isInt() || node.isLong() || node.isShort()) {
            return 20;
        }
        if (node.isDouble() || node.isFloat()) {
            return 25;
        }
        if (node.isArray()) {
            long bound = 2;
            for (JsonNode child : node) {
                bound = saturated(bound + 1, sizeBound(child));
            }
            return bound;
        }
        if (node.isObject()) {
            long bound = 2;
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                bound = saturated(bound + 4 + 6L * field.getKey().length(), sizeBound(field.getValue()));
            }
            return bound;
        }
        return Long.MAX_VALUE;
    }

    private static long saturated(long a, long b) {
        long sum = a + b;
        return sum < 0 || b == Long.MAX_VALUE ? Long.MAX_VALUE : sum;
    }

    static int depth(JsonNode node) {
        if (node == null || !node.isContainerNode()) {
            return 0;
        }
        int deepest = 0;
        for (JsonNode child : node) {
            deepest = Math.max(deepest, depth(child));
        }
        return deepest + 1;
    }

    static int fieldCount(JsonNode node) {
        if (node == null || !node.isContainerNode()) {
            return 0;
        }
        int count = node.isObject() ? node.size() : 0;
        for (JsonNode child : node) {
            count += fieldCount(child);
        }
        return count;
    }
}
