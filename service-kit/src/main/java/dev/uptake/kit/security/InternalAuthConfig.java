package dev.uptake.kit.security;

import io.smallrye.config.ConfigMapping;

/** The credential only the gateway holds; services refuse {@code /v1} requests without it. */
@ConfigMapping(prefix = "uptake.internal")
public interface InternalAuthConfig {

    /** Shared secret the gateway sends in {@code X-Uptake-Gateway-Token}; set UPTAKE_INTERNAL_TOKEN in production. */
    String token();
}
