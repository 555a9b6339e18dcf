package dev.uptake.gateway.rest;

import java.util.List;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.uptake.gateway.TenantSettings;

/** A tenant's own limits and browser origins; an absent field means the gateway default. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "TenantSettings", description = "Per-tenant limits and origins; absent fields use the gateway defaults")
public record TenantSettingsBody(
        @Positive @Schema(description = "Tracking requests per second per key", example = "1000") Integer trackingPerSecond,
        @Positive @Schema(description = "Tracking burst per key", example = "2000") Integer trackingBurst,
        @Positive @Schema(description = "Other requests per second per key", example = "100") Integer otherPerSecond,
        @Positive @Schema(description = "Other burst per key", example = "200") Integer otherBurst,
        @Size(max = 50) @Schema(description = "Origins allowed to call write-key routes from a browser; absent = any",
                example = "[\"https://app.example.com\"]")
        List<@Pattern(regexp = "\\*|https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?",
                message = "must be * or an origin such as https://app.example.com") String> corsOrigins) {

    public TenantSettings toSettings() {
        return new TenantSettings(trackingPerSecond, trackingBurst, otherPerSecond, otherBurst,
                corsOrigins == null ? null : List.copyOf(corsOrigins));
    }

    public static TenantSettingsBody of(TenantSettings settings) {
        return new TenantSettingsBody(settings.trackingPerSecond(), settings.trackingBurst(),
                settings.otherPerSecond(), settings.otherBurst(), settings.corsOrigins());
    }
}
