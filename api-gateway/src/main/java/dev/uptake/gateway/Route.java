package dev.uptake.gateway;

import java.util.Optional;

/**
 * One public path prefix and where it goes. {@code upstream} is empty for the gateway's own {@code /v1/keys}.
 * {@code tracking} marks the Segment-compatible endpoints that write keys may call and that get the tracking rate.
 */
public record Route(String prefix, Optional<Upstream> upstream, boolean tracking) {

    /** The family name used in metrics and logs: the upstream, or {@code keys}. */
    public String family() {
        return upstream.map(Upstream::id).orElse("keys");
    }

    public boolean matches(String path) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
