package dev.uptake.contracts;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import dev.uptake.contracts.json.IsoInstants;

/**
 * One accepted, normalised product-usage event as ingestion publishes it on {@link Topics#EVENTS}.
 * Field names follow Segment's so a payload reads the same before and after ingestion.
 *
 * @param schemaVersion     {@link #SCHEMA_VERSION}; consumers refuse versions they do not know
 * @param accountId         the account the event is attributed to (group calls, {@code context.groupId}), if known
 * @param timestamp         when it happened, corrected for client clock skew
 * @param originalTimestamp the timestamp the client sent, before correction
 * @param historical        backfilled, imported or replayed: updates metrics, never fires live triggers
 * <p>Read tolerantly: fields a newer producer adds are skipped (request bodies, unlike records, are read strictly).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrackedEvent(
        int schemaVersion,
        String tenantId,
        String messageId,
        EventType type,
        String userId,
        String anonymousId,
        String accountId,
        String event,
        String name,
        String groupId,
        String previousId,
        Map<String, Object> properties,
        Map<String, Object> traits,
        Map<String, Object> context,
        @JsonSerialize(using = IsoInstants.Serializer.class) @JsonDeserialize(using = IsoInstants.Deserializer.class)
        Instant timestamp,
        @JsonSerialize(using = IsoInstants.Serializer.class) @JsonDeserialize(using = IsoInstants.Deserializer.class)
        Instant originalTimestamp,
        @JsonSerialize(using = IsoInstants.Serializer.class) @JsonDeserialize(using = IsoInstants.Deserializer.class)
        Instant sentAt,
        @JsonSerialize(using = IsoInstants.Serializer.class) @JsonDeserialize(using = IsoInstants.Deserializer.class)
        Instant receivedAt,
        boolean historical) {

    public static final int SCHEMA_VERSION = 1;
    public static final String CLOUD_EVENT_TYPE = "dev.uptake.event.tracked.v1";

    /** The id the event is counted under: the user when known, otherwise the anonymous id. */
    public String actorId() {
        return userId != null ? userId : anonymousId;
    }

    /** Everything of one account (or, before attribution, one actor) goes to one partition, in order. */
    public String partitionKey() {
        return PartitionKeys.of(tenantId, accountId != null ? accountId : actorId());
    }
}
