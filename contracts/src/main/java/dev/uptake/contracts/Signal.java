package dev.uptake.contracts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import dev.uptake.contracts.json.IsoInstants;

/**
 * A change worth reacting to, published by scoring on {@link Topics#SIGNALS}: a segment entered or left, a health
 * colour changed, a milestone missed. Campaigns and playbooks consume it.
 *
 * @param signalId   deterministic for one transition, so a re-published signal is recognised downstream
 * @param kind       what changed, e.g. {@code lifecycle}, {@code segment}, {@code health}
 * @param from       the state before ({@code null} when there was none)
 * @param to         the state after
 * @param historical derived from backfilled or replayed data: recorded, but never fires live triggers
 * <p>Read tolerantly: fields a newer producer adds are skipped (request bodies, unlike records, are read strictly).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Signal(
        int schemaVersion,
        String signalId,
        String tenantId,
        SubjectType subjectType,
        String subjectId,
        String kind,
        String from,
        String to,
        @JsonSerialize(using = IsoInstants.Serializer.class) @JsonDeserialize(using = IsoInstants.Deserializer.class)
        Instant at,
        boolean historical) {

    public static final int SCHEMA_VERSION = 1;
    public static final String CLOUD_EVENT_TYPE = "dev.uptake.signal.v1";

    public static Signal of(String tenantId, SubjectType subjectType, String subjectId, String kind, String from,
            String to, Instant at, boolean historical) {
        String id = idFor(tenantId, subjectType, subjectId, kind, from, to, at);
        return new Signal(SCHEMA_VERSION, id, tenantId, subjectType, subjectId, kind, from, to, at, historical);
    }

    public String partitionKey() {
        return PartitionKeys.of(tenantId, subjectId);
    }

    static String idFor(String tenantId, SubjectType subjectType, String subjectId, String kind, String from,
            String to, Instant at) {
        String natural = String.join("\u001f", tenantId, subjectType.name(), subjectId, kind, String.valueOf(from),
                String.valueOf(to), String.valueOf(at));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(natural.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
