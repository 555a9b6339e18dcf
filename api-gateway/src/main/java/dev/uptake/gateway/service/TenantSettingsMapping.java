package dev.uptake.gateway.service;

import java.util.Arrays;
import java.util.List;

import dev.uptake.gateway.TenantSettings;
import dev.uptake.gateway.repository.TenantEntity;

/** Settings as stored in a {@code tenants} row and as the rest of the gateway sees them. */
public final class TenantSettingsMapping {

    private TenantSettingsMapping() {
    }

    public static TenantSettings of(TenantEntity tenant) {
        List<String> origins = tenant.corsOrigins == null || tenant.corsOrigins.isBlank() ? null
                : Arrays.stream(tenant.corsOrigins.trim().split("\\s+")).toList();
        return new TenantSettings(tenant.trackingPerSecond, tenant.trackingBurst, tenant.otherPerSecond,
                tenant.otherBurst, origins);
    }

    public static void apply(TenantSettings settings, TenantEntity tenant) {
        tenant.trackingPerSecond = settings.trackingPerSecond();
        tenant.trackingBurst = settings.trackingBurst();
        tenant.otherPerSecond = settings.otherPerSecond();
        tenant.otherBurst = settings.otherBurst();
        tenant.corsOrigins = settings.corsOrigins() == null || settings.corsOrigins().isEmpty() ? null
                : String.join(" ", settings.corsOrigins());
    }
}
