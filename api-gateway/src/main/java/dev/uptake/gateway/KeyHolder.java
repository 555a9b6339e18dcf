package dev.uptake.gateway;

import java.util.UUID;

/** The caller behind a valid, unrevoked API key. */
public record KeyHolder(UUID keyId, String tenantId, KeyKind kind, TenantSettings settings) {
}
