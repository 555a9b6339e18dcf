package dev.uptake.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import dev.uptake.launcher.infra.ChildJvm;
import dev.uptake.launcher.infra.FreePorts;
import dev.uptake.launcher.infra.KafkaBroker;
import dev.uptake.launcher.infra.MongoWireServer;
import dev.uptake.launcher.infra.PostgresProcess;

/**
 * The whole of Uptake on one machine: real Kafka, PostgreSQL and the Mongo-wire server, then the four services from
 * their packaged fast-jars, each waited for until {@code /q/health/ready} is UP. Used by the run command and by the
 * system tests. Connections given in the environment (KAFKA_BOOTSTRAP_SERVERS, MONGODB_URI, POSTGRES_URL) replace the
 * embedded servers.
 */
public final class Suite implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(150);
    /** Where coreutils keeps nice on Linux and macOS; without it the consumers run at normal priority. */
    private static final Optional<Path> NICE = Stream.of("/usr/bin/nice", "/bin/nice").map(Path::of)
            .filter(Files::isExecutable).findFirst();

    private final SuiteOptions options;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<Service, Launch> launches = new EnumMap<>(Service.class);
    private final Map<Service, ChildJvm> services = new EnumMap<>(Service.class);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private String operatorToken;
    private String internalToken;
    private String kafkaBootstrapServers;

    private record Launch(List<String> command, Map<String, String> environment) {
    }

    private Suite(SuiteOptions options) {
        this.options = options;
    }

    public static Suite start(SuiteOptions options, Reporter reporter) {
        Suite suite = new Suite(options);
        try {
            suite.startAll(reporter);
            return suite;
        } catch (RuntimeException e) {
            suite.close();
            throw e;
        }
    }

    /** Progress lines for whoever started the suite. */
    public interface Reporter {
        void step(String message);
    }

    /** The prefix that starts a background service lower in the scheduler: {@code nice -n N}, or nothing. */
    static List<String> lowered(Service service, int niceness, Optional<Path> nice) {
        if (!service.background() || niceness == 0 || nice.isEmpty()) {
            return List.of();
        }
        return List.of(nice.get().toString(), "-n", Integer.toString(niceness));
    }

    /** The Kafka the services use: the embedded broker's or KAFKA_BOOTSTRAP_SERVERS. */
    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    public String gatewayUrl() {
        return options.gatewayUrl();
    }

    public String operatorToken() {
        return operatorToken;
    }

    /** The credential the gateway sends the services, for calls that must reach a service straight. */
    public String internalToken() {
        return internalToken;
    }

    public SuiteOptions options() {
        return options;
    }

    private void startAll(Reporter reporter) {
        Path data = options.dataDir();
        mkdirs(data.resolve("logs"));
        checkServicePortsFree();
        operatorToken = secret("UPTAKE_OPERATOR_TOKEN", data.resolve("operator-token"));
        internalToken = secret("UPTAKE_INTERNAL_TOKEN", data.resolve("internal-token"));

        String kafka = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (kafka == null || kafka.isBlank()) {
            reporter.step("Starting Kafka (KRaft, own JVM) on 127.0.0.1:" + options.kafkaPort());
            KafkaBroker broker = new KafkaBroker(data.resolve("kafka"), options.kafkaPort(),
                    options.kafkaControllerPort(), "512m", 3);
            started.add(broker);
            broker.start();
            kafka = broker.bootstrapServers();
        }
        kafkaBootstrapServers = kafka;

        String mongo = System.getenv("MONGODB_URI");
        if (mongo == null || mongo.isBlank()) {
            reporter.step("Starting the Mongo-wire server (mongo-java-server, " + (options.persistentMongo() ? "H2 files"
                    : "in memory") + ") on 127.0.0.1:" + options.mongoPort());
            requireFree(options.mongoPort(), "UPTAKE_MONGO_PORT");
            MongoWireServer server = options.persistentMongo()
                    ? MongoWireServer.onFile(data.resolve("mongo/uptake.mv"), options.mongoPort())
                    : MongoWireServer.inMemory(options.mongoPort());
            started.add(server);
            mongo = server.connectionString();
        }

        Map<Service, String> postgresUrls = new HashMap<>();
        String externalPostgres = System.getenv("POSTGRES_URL");
        if (externalPostgres == null || externalPostgres.isBlank()) {
            reporter.step("Starting PostgreSQL (embedded binaries) on 127.0.0.1:" + options.postgresPort());
            PostgresProcess postgres = PostgresProcess.start(data, options.postgresPort(), System.getProperty(
                    "java.class.path"), Service.databases());
            started.add(postgres);
            for (Service service : Service.values()) {
                postgresUrls.put(service, postgres.url(service.database()));
            }
        } else {
            for (Service service : Service.values()) {
                postgresUrls.put(service, service.postgresUrlOn(externalPostgres, System.getenv()));
            }
        }

        for (Service service : Service.values()) {
            reporter.step("Starting " + service.module() + " on port " + options.servicePorts().get(service));
            Map<String, String> env = new HashMap<>();
            env.put("PORT", options.servicePorts().get(service).toString());
            env.put("UPTAKE_PARENT_PID", Long.toString(ProcessHandle.current().pid()));
            env.put("UPTAKE_INTERNAL_TOKEN", internalToken);
            env.put("UPTAKE_OPERATOR_TOKEN", operatorToken);
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
            env.put("MONGODB_URI", mongo);
            if (postgresUrls.containsKey(service)) {
                env.put("POSTGRES_URL", postgresUrls.get(service));
            }
            env.put("INGESTION_URL", "http://localhost:" + options.servicePorts().get(Service.INGESTION));
            env.put("SCORING_URL", "http://localhost:" + options.servicePorts().get(Service.SCORING));
            env.put("CAMPAIGN_URL", "http://localhost:" + options.servicePorts().get(Service.CAMPAIGN));
            Path jar = options.repositoryRoot().resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing: build with ./mvnw -B install -DskipTests");
            }
            List<String> command = new ArrayList<>(lowered(service, options.consumerNiceness(), NICE));
            command.addAll(List.of(ChildJvm.javaExecutable(), "-Xmx" + options.serviceHeaps().get(service)));
            command.addAll(options.serviceJvmOptions());
            command.addAll(List.of("-jar", jar.toString()));
            launches.put(service, new Launch(command, env));
            startService(service);
        }
        for (Service service : Service.values()) {
            awaitReady(service);
            reporter.step(service.module() + " is ready");
        }
    }

    /**
     * Stops one service as an orchestrator would (SIGTERM, then its graceful shutdown) and starts it again with the
     * same command and environment; returns once it is ready. Its log goes on in the same file.
     */
    public void restart(Service service) {
        restart(service, false);
    }

    /** As {@link #restart(Service)}, but the service is killed (SIGKILL) as a crash would end it. */
    public void restartAfterCrash(Service service) {
        restart(service, true);
    }

    private void restart(Service service, boolean crash) {
        ChildJvm running = services.get(service);
        if (running == null) {
            throw new IllegalStateException(service.module() + " was not started by this suite");
        }
        if (crash) {
            running.kill();
        } else {
            running.close();
        }
        started.remove(running);
        startService(service);
        awaitReady(service);
    }

    private void startService(Service service) {
        Launch launch = launches.get(service);
        ChildJvm child = ChildJvm.start(service.module(), launch.command(), launch.environment(),
                options.dataDir().resolve("logs/" + service.module() + ".log"));
        started.add(child);
        services.put(service, child);
    }

    private void awaitReady(Service service) {
        services.get(service).awaitReady(() -> isReady(service), READY_TIMEOUT);
    }

    /** Whether the service answers its readiness check UP now. */
    public boolean isReady(Service service) {
        return isUp("http://localhost:" + options.servicePorts().get(service) + "/q/health/ready");
    }

    private boolean isUp(String url) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void checkServicePortsFree() {
        options.servicePorts().forEach((service, port) -> requireFree(port,
                "UPTAKE_" + service.name() + "_PORT"));
    }

    private static void requireFree(int port, String variable) {
        if (FreePorts.inUse(port)) {
            throw new IllegalStateException("port " + port + " is already in use: another program, or an earlier run "
                    + "that did not stop, holds it. Stop it, or choose another port with " + variable + ".");
        }
    }

    /** From the environment when set; otherwise generated once and kept in the data folder (mode 600). */
    private static String secret(String variable, Path file) {
        String fromEnvironment = System.getenv(variable);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String value = HexFormat.of().formatHex(random);
            OwnerOnlyFiles.write(file, value);
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the services first, then the infrastructure, in reverse start order. */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("uptake: stopping failed: " + e.getMessage());
            }
        }
        started.clear();
    }
}
