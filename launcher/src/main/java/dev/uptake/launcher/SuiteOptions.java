package dev.uptake.launcher;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import dev.uptake.launcher.infra.FreePorts;

/**
 * Where the suite keeps its data and which loopback ports it uses. The defaults stay clear of the standard Kafka,
 * PostgreSQL and MongoDB ports, so a developer's own servers do not collide with a local run.
 */
public record SuiteOptions(Path repositoryRoot, Path dataDir, Map<Service, Integer> servicePorts, int kafkaPort,
        int kafkaControllerPort, int postgresPort, int mongoPort, String serviceHeap, boolean persistentMongo) {

    public static SuiteOptions fromEnvironment(Path repositoryRoot) {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, intEnv("UPTAKE_" + service.name() + "_PORT", service.defaultPort()));
        }
        String dataDir = System.getenv().getOrDefault("UPTAKE_DATA_DIR", repositoryRoot.resolve(".uptake").toString());
        return new SuiteOptions(repositoryRoot, Path.of(dataDir).toAbsolutePath(), ports,
                intEnv("UPTAKE_KAFKA_PORT", 19092), intEnv("UPTAKE_KAFKA_CONTROLLER_PORT", 19093),
                intEnv("UPTAKE_POSTGRES_PORT", 15432), intEnv("UPTAKE_MONGO_PORT", 27117),
                System.getenv().getOrDefault("UPTAKE_SERVICE_HEAP", "256m"), true);
    }

    /** Free ports, a throwaway folder and an in-memory Mongo-wire server, for the system tests. */
    public static SuiteOptions forTests(Path repositoryRoot, Path dataDir) {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, FreePorts.pick());
        }
        return new SuiteOptions(repositoryRoot, dataDir, ports, FreePorts.pick(), FreePorts.pick(), FreePorts.pick(),
                FreePorts.pick(), "200m", false);
    }

    public String gatewayUrl() {
        return "http://localhost:" + servicePorts.get(Service.GATEWAY);
    }

    private static int intEnv(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }
}
