package dev.uptake.launcher;

import java.util.List;

/** The four Uptake services as the launcher starts them: module folder, port and what each needs. */
public enum Service {
    INGESTION("ingestion-service", 8081, false, false),
    SCORING("scoring-service", 8082, false, true),
    CAMPAIGN("campaign-service", 8083, true, true),
    GATEWAY("api-gateway", 8080, true, false);

    private final String module;
    private final int defaultPort;
    private final boolean usesPostgres;
    private final boolean background;

    Service(String module, int defaultPort, boolean usesPostgres, boolean background) {
        this.module = module;
        this.defaultPort = defaultPort;
        this.usesPostgres = usesPostgres;
        this.background = background;
    }

    /** Mostly consumes Kafka rather than answers callers: it can wait for the CPU when the machine is shared. */
    public boolean background() {
        return background;
    }

    public String module() {
        return module;
    }

    public int defaultPort() {
        return defaultPort;
    }

    public boolean usesPostgres() {
        return usesPostgres;
    }

    /** Its own PostgreSQL database: each service owns its schema. */
    public String database() {
        return module.replace("-service", "").replace("api-", "");
    }

    /**
     * This service's URL on an external server named by {@code POSTGRES_URL}: the same server with the service's own
     * database as the path, so two services never share Flyway's history table. {@code UPTAKE_GATEWAY_POSTGRES_URL} or
     * {@code UPTAKE_CAMPAIGN_POSTGRES_URL} name a service's database outright.
     */
    public String postgresUrlOn(String serverUrl, java.util.Map<String, String> env) {
        String own = env.get("UPTAKE_" + database().toUpperCase(java.util.Locale.ROOT) + "_POSTGRES_URL");
        if (own != null && !own.isBlank()) {
            return own;
        }
        java.net.URI server = java.net.URI.create(serverUrl);
        String query = server.getRawQuery() == null ? "" : "?" + server.getRawQuery();
        return server.getScheme() + "://" + server.getRawAuthority() + "/" + database() + query;
    }

    public static List<String> databases() {
        return List.of(values()).stream().filter(Service::usesPostgres).map(Service::database).toList();
    }
}
