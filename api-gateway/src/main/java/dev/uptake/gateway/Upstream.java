package dev.uptake.gateway;

import java.util.Locale;

/** The services behind the gateway. */
public enum Upstream {

    INGESTION,
    SCORING,
    CAMPAIGN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
