package dev.uptake.gateway;

import java.util.List;

/**
 * A tenant's own limits and browser origins. A {@code null} field means "use the gateway default", so raising the
 * default later raises it for every tenant that never chose its own.
 */
public record TenantSettings(Integer trackingPerSecond, Integer trackingBurst, Integer otherPerSecond,
        Integer otherBurst, List<String> corsOrigins) {

    public static final TenantSettings DEFAULTS = new TenantSettings(null, null, null, null, null);

    /** Origins allowed on write-key routes; {@code *} (any) unless the tenant listed its own. */
    public List<String> allowedOrigins() {
        return corsOrigins == null || corsOrigins.isEmpty() ? List.of("*") : corsOrigins;
    }
}
