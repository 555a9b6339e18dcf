package dev.uptake.gateway.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /admin/tenants}. */
@Schema(name = "TenantRequest")
public record TenantRequest(
        @Pattern(regexp = "[a-z0-9][a-z0-9_-]{0,62}", message = "must be 1-63 lower-case letters, digits, - or _")
        @Schema(description = "Tenant id; generated when absent", example = "acme") String id,
        @NotBlank @Size(max = 200) @Schema(example = "Acme Corp") String name,
        @Valid TenantSettingsBody settings) {
}
