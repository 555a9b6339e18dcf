package dev.uptake.gateway.rest;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.uptake.gateway.repository.TenantEntity;
import dev.uptake.gateway.service.TenantSettingsMapping;

/** A tenant as the operator API shows it. */
@Schema(name = "Tenant")
public record TenantView(
        @Schema(example = "acme") String id,
        @Schema(example = "Acme Corp") String name,
        @Schema(example = "2025-01-31T09:00:00Z") Instant createdAt,
        TenantSettingsBody settings) {

    static TenantView of(TenantEntity tenant) {
        return new TenantView(tenant.id, tenant.name, tenant.createdAt,
                TenantSettingsBody.of(TenantSettingsMapping.of(tenant)));
    }
}
