package dev.uptake.ingestion.service;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.uptake.contracts.EventType;
import dev.uptake.contracts.TrackedEvent;
import dev.uptake.contracts.json.IsoInstants;
import dev.uptake.ingestion.config.IngestionConfig;

/**
 * Turns one Segment call into a {@link TrackedEvent}: checks the fields Segment requires, corrects client clock skew
 * ({@code timestamp = receivedAt - (sentAt - timestamp)}), generates a missing messageId, and marks historical events.
 */
@ApplicationScoped
public class EventNormalizer {

    private static final int MAX_ID_LENGTH = 256;

    private final ObjectMapper mapper;
    private final IngestionConfig config;

    public EventNormalizer(ObjectMapper mapper, IngestionConfig config) {
        this.mapper = mapper;
        this.config = config;
    }

    /**
     * @param call         the call's JSON object
     * @param type         the call type (from the path, or the batch item's {@code type})
     * @param batchContext a batch's shared context, merged under the item's own ({@code null} for single calls)
     * @param batchSentAt  a batch's sentAt, used when the item has none
     */
    public Normalized normalize(String tenantId, JsonNode call, EventType type, ObjectNode batchContext,
            JsonNode batchSentAt, Instant receivedAt) {
        try {
            return checkedNormalize(tenantId, call, type, batchContext, batchSentAt, receivedAt);
        } catch (Refused refused) {
            return new Normalized.Rejected(rawText(call, "messageId"), refused.field, refused.getMessage());
        }
    }

    private Normalized checkedNormalize(String tenantId, JsonNode call, EventType type, ObjectNode batchContext,
            JsonNode batchSentAt, Instant receivedAt) {
        String messageId = text(call, "messageId");
        if (messageId != null && messageId.length() > MAX_ID_LENGTH) {
            return new Normalized.Rejected(null, "messageId", "messageId longer than " + MAX_ID_LENGTH + " characters");
        }
        String userId = idText(call, "userId");
        String anonymousId = idText(call, "anonymousId");
        if (userId == null && anonymousId == null) {
            return new Normalized.Rejected(messageId, "userId", "userId or anonymousId is required");
        }
        String event = text(call, "event");
        if (type == EventType.TRACK && (event == null || event.isBlank())) {
            return new Normalized.Rejected(messageId, "event", "track calls need an event name");
        }
        String groupId = idText(call, "groupId");
        if (type == EventType.GROUP && groupId == null) {
            return new Normalized.Rejected(messageId, "groupId", "group calls need a groupId");
        }
        String previousId = idText(call, "previousId");
        if (type == EventType.ALIAS && previousId == null) {
            return new Normalized.Rejected(messageId, "previousId", "alias calls need a previousId");
        }
        for (String objectField : new String[] { "properties", "traits", "context", "integrations" }) {
            JsonNode value = call.get(objectField);
            if (value != null && !value.isNull() && !value.isObject()) {
                return new Normalized.Rejected(messageId, objectField, objectField + " must be an object");
            }
        }

        Instant clientTimestamp = instant("timestamp", call.get("timestamp"));
        JsonNode ownSentAt = call.get("sentAt");
        Instant sentAt = instant("sentAt", ownSentAt != null && !ownSentAt.isNull() ? ownSentAt : batchSentAt);
        if (outOfRange(clientTimestamp) || outOfRange(sentAt)) {
            return new Normalized.Rejected(messageId, "timestamp",
                    "timestamps must lie between " + EARLIEST + " and " + LATEST);
        }
        Instant timestamp = correctedTimestamp(clientTimestamp, sentAt, receivedAt);
        if (outOfRange(timestamp)) {
            return new Normalized.Rejected(messageId, "timestamp",
                    "timestamp corrected by sentAt falls before " + EARLIEST);
        }
        if (timestamp.isAfter(receivedAt.plus(config.maxFutureSkew()))) {
            return new Normalized.Rejected(messageId, "timestamp",
                    "timestamp is more than " + config.maxFutureSkew().toMinutes() + " minutes in the future");
        }

        Map<String, Object> context = mergedContext(batchContext, call.get("context"));
        Object flagged = context.get("historical");
        if (flagged != null && !(flagged instanceof Boolean)) {
            // "yes" or "true" read as false would let an import fire live triggers.
            return new Normalized.Rejected(messageId, "context.historical",
                    "context.historical must be true or false (a JSON boolean)");
        }
        boolean historical = Boolean.TRUE.equals(flagged)
                || timestamp.isBefore(receivedAt.minus(config.liveWindow()));
        String accountId = type == EventType.GROUP ? groupId : stringValue(context.get("groupId"));

        return new Normalized.Accepted(new TrackedEvent(TrackedEvent.SCHEMA_VERSION, tenantId,
                messageId != null ? messageId : UUID.randomUUID().toString(), type, userId, anonymousId, accountId,
                type == EventType.TRACK ? event : null, text(call, "name"), groupId, previousId,
                map(call.get("properties"), "properties"), map(call.get("traits"), "traits"),
                context.isEmpty() ? null : context,
                timestamp, clientTimestamp, sentAt, receivedAt, historical));
    }

    /** What the archive and every downstream date type can hold, with room for the skew correction. */
    public static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private static boolean outOfRange(Instant at) {
        return at != null && (at.isBefore(EARLIEST) || at.isAfter(LATEST));
    }

    /** Segment's skew correction: trust the client's clock only for the interval between the event and sending. */
    static Instant correctedTimestamp(Instant clientTimestamp, Instant sentAt, Instant receivedAt) {
        if (clientTimestamp == null) {
            return receivedAt;
        }
        if (sentAt == null) {
            return clientTimestamp;
        }
        return receivedAt.minus(Duration.between(clientTimestamp, sentAt));
    }

    public static EventType typeOf(String wireName) {
        if (wireName == null) {
            return null;
        }
        try {
            return EventType.fromWireName(wireName.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Map<String, Object> mergedContext(ObjectNode batchContext, JsonNode own) {
        Map<String, Object> merged = new LinkedHashMap<>();
        if (batchContext != null) {
            merged.putAll(plainObject(batchContext, "context"));
        }
        if (own != null && own.isObject()) {
            merged.putAll(plainObject(own, "context"));
        }
        return merged;
    }

    /** An object already checked to be one (or absent). */
    private Map<String, Object> map(JsonNode node, String field) {
        return node == null || node.isNull() ? null : plainObject(node, field);
    }

    /**
     * A NUL character fits JSON and Kafka, but not a BSON field name or a PostgreSQL text: accepted, it would fail the
     * archive after Kafka acknowledged (a 503, and every retry published again) or dead-letter the event downstream.
     */
    private static String storable(String field, String text) {
        if (text.indexOf('\0') >= 0) {
            throw new Refused(field, field + " may not contain the NUL character (U+0000)");
        }
        return text;
    }

    /** JSON numbers become a 64-bit integer or a finite double, what every store downstream holds. */
    private static Object storableNumber(String field, JsonNode node) {
        if (node.isBigInteger() && !node.canConvertToLong()) {
            throw new Refused(field, field + " holds an integer beyond 64 bits (" + shortened(node.asText())
                    + "); send it as a string");
        }
        if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
            throw new Refused(field, field + " holds a number beyond the range of a double; send it as a string");
        }
        return node.isBigInteger() ? node.longValue() : node.numberValue();
    }

    private static String shortened(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    /** Refuses one call with a reason; thrown from deep inside its objects, it has no use for a stack trace. */
    private static final class Refused extends RuntimeException {

        final String field;

        Refused(String field, String reason) {
            super(reason, null, false, false);
            this.field = field;
        }
    }

    /**
     * An object node as plain maps, lists, strings, numbers and booleans: what {@code convertValue} gives for a parsed
     * tree, without its round trip through a token buffer (that was ~6 % of ingestion's CPU in the demo). Refuses, as
     * {@code field}, what no store downstream holds.
     */
    Map<String, Object> plainObject(JsonNode object, String field) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> entry = fields.next();
            map.put(storable(field, entry.getKey()), plain(entry.getValue(), field));
        }
        return map;
    }

    private Object plain(JsonNode node, String field) {
        return switch (node.getNodeType()) {
            case OBJECT -> plainObject(node, field);
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                node.forEach(item -> list.add(plain(item, field)));
                yield list;
            }
            case STRING -> storable(field, node.textValue());
            case NUMBER -> storableNumber(field, node);
            case BOOLEAN -> node.booleanValue();
            case NULL, MISSING -> null;
            // Binary and POJO nodes never come out of parsing a request; Jackson knows best.
            default -> mapper.convertValue(node, Object.class);
        };
    }

    /**
     * An ISO-8601 string, as Segment sends. A number is refused rather than guessed at: epoch seconds read as
     * milliseconds would land in January 1970 and be accepted as a backfill.
     */
    private static Instant instant(String field, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        String reason = field + " must be an ISO-8601 date-time string such as 2026-11-23T10:00:00.000Z";
        if (!node.isTextual()) {
            throw new Refused(field, reason + (node.isNumber() ? "; numbers (epoch seconds or milliseconds) are "
                    + "refused, since the two cannot be told apart" : ""));
        }
        String value = node.textValue();
        try {
            return IsoInstants.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (java.time.DateTimeException | ArithmeticException unreadable) {
                throw new Refused(field, reason);
            }
        }
    }

    private static String text(JsonNode call, String field) {
        String text = rawText(call, field);
        return text == null ? null : storable(field, text);
    }

    private static String rawText(JsonNode call, String field) {
        JsonNode node = call.get(field);
        return node == null || node.isNull() || node.isContainerNode() ? null : node.asText();
    }

    /** Segment accepts numeric ids and sends them as strings downstream. */
    private static String idText(JsonNode call, String field) {
        String value = text(call, field);
        return value == null || value.isBlank() ? null : value;
    }

    private static String stringValue(Object value) {
        return value == null ? null : value.toString();
    }
}
