package dev.uptake.contracts;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A tenant's request to delete or suppress users' data, published by ingestion on {@link Topics#PRIVACY} once its own
 * raw archive is handled. Every service that derives per-user data must honour DELETE and SUPPRESS_WITH_DELETE.
 * <p>Read tolerantly: fields a newer producer adds are skipped (request bodies, unlike records, are read strictly).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PrivacyRequest(
        int schemaVersion,
        String requestId,
        String tenantId,
        Type type,
        List<String> userIds,
        Instant requestedAt) {

    public static final int SCHEMA_VERSION = 1;
    public static final String CLOUD_EVENT_TYPE = "dev.uptake.privacy.requested.v1";

    /** Segment's regulation types. */
    public enum Type {
        DELETE, SUPPRESS, SUPPRESS_WITH_DELETE, UNSUPPRESS;

        public boolean deletes() {
            return this == DELETE || this == SUPPRESS_WITH_DELETE;
        }

        public boolean suppresses() {
            return this == SUPPRESS || this == SUPPRESS_WITH_DELETE;
        }
    }

    public String partitionKey() {
        return PartitionKeys.of(tenantId, requestId);
    }
}
