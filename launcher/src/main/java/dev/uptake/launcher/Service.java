package dev.uptake.launcher;

import java.util.List;

/** The four Uptake services as the launcher starts them: module folder, port and what each needs. */
public enum Service {
    INGESTION("ingestion-service", 8081, false),
    SCORING("scoring-service", 8082, false),
    CAMPAIGN("campaign-service", 8083, true),
    GATEWAY("api-gateway", 8080, true);

    private final String module;
    private final int defaultPort;
    private final boolean usesPostgres;

    Service(String module, int defaultPort, boolean usesPostgres) {
        this.module = module;
        this.defaultPort = defaultPort;
        this.usesPostgres = usesPostgres;
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

    public static List<String> databases() {
        return List.of(values()).stream().filter(Service::usesPostgres).map(Service::database).toList();
    }
}
