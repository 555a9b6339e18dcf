package dev.uptake.gateway;

import java.util.Optional;

/**
 * One public path prefix and where it goes. {@code upstream} is empty for the gateway's own {@code /v1/keys}.
 * {@code tracking} marks the Segment-compatible endpoints that write keys may call and that get the tracking rate.
 * {@code upstreamPrefix} is the prefix the upstream serves it under: another name only for Segment's aliases
 * ({@code /v1/t} is {@code /v1/track}).
 */
public record Route(String prefix, Optional<Upstream> upstream, boolean tracking, String upstreamPrefix) {

    public Route(String prefix, Optional<Upstream> upstream, boolean tracking) {
        this(prefix, upstream, tracking, prefix);
    }

    public boolean isAlias() {
        return !upstreamPrefix.equals(prefix);
    }

    /** {@code path}, which this route matches, as the upstream names it. */
    public String upstreamPath(String path) {
        return isAlias() ? upstreamPrefix + path.substring(prefix.length()) : path;
    }

    /** The family name used in metrics and logs: the upstream, or {@code keys}. */
    public String family() {
        return upstream.map(Upstream::id).orElse("keys");
    }

    public boolean matches(String path) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
