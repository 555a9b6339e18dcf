package dev.uptake.gateway.rest;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.uptake.gateway.service.KeyService;

/** A key just created, with its full text: the only time the secret is ever shown. */
@Schema(name = "IssuedApiKey")
public record IssuedKeyView(
        @Schema(example = "0b8e4c4e-2f0e-4a57-9f5e-0c4a0c8f3f10") UUID id,
        @Schema(example = "acme") String tenantId,
        @Schema(example = "write") String kind,
        @Schema(example = "3kq8z1m4x7ab") String prefix,
        @Schema(example = "2025-01-31T09:00:00Z") Instant createdAt,
        @Schema(description = "The full key. Store it now: it is shown once and only its hash is kept.",
                example = "upk_w_3kq8z1m4x7ab_5n2c9v8b7m6k5j4h3g2f1e0d9c8b7a6z") String key) {

    static IssuedKeyView of(KeyService.IssuedKey issued) {
        return new IssuedKeyView(issued.key().id, issued.key().tenantId, issued.key().kind, issued.key().prefix,
                issued.key().createdAt, issued.text());
    }

    @Override
    public String toString() {
        return "IssuedKeyView[" + id + "]"; // never the key
    }
}
