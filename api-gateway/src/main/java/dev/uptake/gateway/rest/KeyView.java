package dev.uptake.gateway.rest;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.uptake.gateway.repository.ApiKeyEntity;

/** A key without its secret: what lists and lookups show. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "ApiKey")
public record KeyView(
        @Schema(example = "0b8e4c4e-2f0e-4a57-9f5e-0c4a0c8f3f10") UUID id,
        @Schema(example = "acme") String tenantId,
        @Schema(example = "write") String kind,
        @Schema(description = "Non-secret part of the key, shown in lists", example = "3kq8z1m4x7ab") String prefix,
        @Schema(example = "2025-01-31T09:00:00Z") Instant createdAt,
        @Schema(description = "Absent while the key works", example = "2025-02-01T09:00:00Z") Instant revokedAt) {

    static KeyView of(ApiKeyEntity key) {
        return new KeyView(key.id, key.tenantId, key.kind, key.prefix, key.createdAt, key.revokedAt);
    }
}
