package dev.uptake.launcher;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.uptake.launcher.infra.FreePorts;

/**
 * Where the suite keeps its data and which loopback ports it uses. The defaults stay clear of the standard Kafka,
 * PostgreSQL and MongoDB ports, so a developer's own servers do not collide with a local run.
 */
public record SuiteOptions(Path repositoryRoot, Path dataDir, Map<Service, Integer> servicePorts, int kafkaPort,
        int kafkaControllerPort, int postgresPort, int mongoPort, Map<Service, String> serviceHeaps, List<String> serviceJvmOptions, boolean persistentMongo,
        int consumerNiceness) {

    /**
     * How much lower scoring-service and campaign-service run in the CPU scheduler (nice), so that on one shared
     * machine the request path (gateway, ingestion) answers first and the consumers catch up in what it leaves.
     */
    static final int DEFAULT_CONSUMER_NICENESS = 10;
    static final String DEFAULT_HEAP = "256m";

    /** Lean by default: a small heap, the serial collector and the C1 compiler only (quick start, little memory). */
    static final String DEFAULT_JVM_OPTIONS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k";

    public static SuiteOptions fromEnvironment(Path repositoryRoot) {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, intEnv("UPTAKE_" + service.name() + "_PORT", service.defaultPort()));
        }
        String dataDir = System.getenv().getOrDefault("UPTAKE_DATA_DIR", repositoryRoot.resolve(".uptake").toString());
        return new SuiteOptions(repositoryRoot, Path.of(dataDir).toAbsolutePath(), ports,
                intEnv("UPTAKE_KAFKA_PORT", 19092), intEnv("UPTAKE_KAFKA_CONTROLLER_PORT", 19093),
                intEnv("UPTAKE_POSTGRES_PORT", 15432), intEnv("UPTAKE_MONGO_PORT", 27117),
                heaps(System.getenv()),
                words(System.getenv().getOrDefault("UPTAKE_SERVICE_JVM_OPTIONS", DEFAULT_JVM_OPTIONS)), mongoOnFiles(),
                niceness(intEnv("UPTAKE_CONSUMER_NICE", DEFAULT_CONSUMER_NICENESS)));
    }

    /** Free ports, a throwaway folder and an in-memory Mongo-wire server, for the system tests. */
    public static SuiteOptions forTests(Path repositoryRoot, Path dataDir) {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, FreePorts.pick());
        }
        return new SuiteOptions(repositoryRoot, dataDir, ports, FreePorts.pick(), FreePorts.pick(), FreePorts.pick(),
                FreePorts.pick(), heaps(Map.of("UPTAKE_SERVICE_HEAP", "200m")), words(DEFAULT_JVM_OPTIONS), false, 0);
    }

    /** {@code UPTAKE_MONGO_STORAGE=memory} trades the H2 files (kept across restarts) for the faster memory backend. */
    private static boolean mongoOnFiles() {
        String storage = System.getenv().getOrDefault("UPTAKE_MONGO_STORAGE", "h2").trim();
        if (!storage.equals("h2") && !storage.equals("memory")) {
            throw new IllegalArgumentException("UPTAKE_MONGO_STORAGE must be h2 or memory, not '" + storage + "'");
        }
        return storage.equals("h2");
    }

    static int niceness(int value) {
        if (value < 0 || value > 19) {
            throw new IllegalArgumentException("UPTAKE_CONSUMER_NICE must be 0 (off) to 19, not " + value);
        }
        return value;
    }

    public String gatewayUrl() {
        return "http://localhost:" + servicePorts.get(Service.GATEWAY);
    }

    private static List<String> words(String value) {
        return Arrays.stream(value.trim().split("\\s+")).filter(word -> !word.isEmpty()).toList();
    }

    /** Each service's maximum heap: {@code UPTAKE_<SERVICE>_HEAP}, else {@code UPTAKE_SERVICE_HEAP}, else 256 MB. */
    static Map<Service, String> heaps(Map<String, String> env) {
        Map<Service, String> heaps = new EnumMap<>(Service.class);
        String shared = env.get("UPTAKE_SERVICE_HEAP");
        for (Service service : Service.values()) {
            String own = env.get("UPTAKE_" + service.name() + "_HEAP");
            heaps.put(service, notBlank(own) ? own.trim() : notBlank(shared) ? shared.trim() : DEFAULT_HEAP);
        }
        return heaps;
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    private static int intEnv(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }
}
