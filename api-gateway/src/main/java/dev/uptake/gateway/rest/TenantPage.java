package dev.uptake.gateway.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of tenants in id order; pass {@code nextCursor} as {@code cursor} for the next one. */
@Schema(name = "TenantPage")
public record TenantPage(List<TenantView> items,
        @Schema(description = "Null on the last page", example = "acme") String nextCursor) {
}
