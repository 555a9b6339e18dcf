package dev.uptake.launcher.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker and controller) on loopback, running in a JVM of its
 * own: the broker's classpath never meets a Quarkus one, and it costs a few hundred MB instead of a second app.
 */
public final class KafkaBroker implements AutoCloseable {

    static final String READY_MARKER = "UPTAKE-KAFKA-READY";
    private static final String CLASSPATH_RESOURCE = "kafka-broker.classpath";

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final String heap;
    private final int partitions;
    private ChildJvm process;

    public KafkaBroker(Path dataDir, int port, int controllerPort, String heap, int partitions) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.heap = heap;
        this.partitions = partitions;
    }

    /** A throwaway broker on free ports, for tests. */
    public static KafkaBroker forTests(Path dataDir) {
        return new KafkaBroker(dataDir, FreePorts.pick(), FreePorts.pick(), "256m", 3);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public synchronized KafkaBroker start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        for (int candidate : new int[] { port, controllerPort }) {
            if (FreePorts.inUse(candidate)) {
                throw new IllegalStateException("port " + candidate + " on 127.0.0.1 is taken (a Kafka from an earlier "
                        + "run still alive?); stop it or choose other ports");
            }
        }
        Path config = writeConfig();
        List<String> command = ChildJvm.javaCommand(
                List.of("-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                        "-Dorg.slf4j.simpleLogger.showDateTime=true"),
                brokerClasspath(), KafkaServerMain.class.getName(),
                Long.toString(ProcessHandle.current().pid()), config.toString(), clusterId());
        process = ChildJvm.start("kafka", command, Map.of(), dataDir.resolve("kafka.log"));
        process.awaitReady(() -> process.logContains(READY_MARKER), Duration.ofSeconds(90));
        return this;
    }

    public synchronized void stop() {
        if (process != null) {
            process.close();
            process = null;
        }
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        stop();
    }

    private Path writeConfig() {
        Properties props = new Properties();
        props.setProperty("process.roles", "broker,controller");
        props.setProperty("node.id", "1");
        props.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.setProperty("controller.listener.names", "CONTROLLER");
        props.setProperty("inter.broker.listener.name", "PLAINTEXT");
        props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.setProperty("log.dirs", dataDir.resolve("kafka-data").toString());
        props.setProperty("num.partitions", Integer.toString(partitions));
        props.setProperty("auto.create.topics.enable", "true");
        props.setProperty("offsets.topic.replication.factor", "1");
        props.setProperty("offsets.topic.num.partitions", "3");
        props.setProperty("transaction.state.log.replication.factor", "1");
        props.setProperty("transaction.state.log.min.isr", "1");
        props.setProperty("share.coordinator.state.topic.replication.factor", "1");
        props.setProperty("share.coordinator.state.topic.min.isr", "1");
        props.setProperty("group.initial.rebalance.delay.ms", "0");
        props.setProperty("num.network.threads", "2");
        props.setProperty("num.io.threads", "2");
        props.setProperty("log.retention.hours", Integer.toString(24 * 14));
        Path file = dataDir.resolve("kafka-server.properties");
        try {
            Files.createDirectories(dataDir);
            try (Writer writer = Files.newBufferedWriter(file)) {
                props.store(writer, "written by the Uptake launcher");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cluster id survives restarts with the data, so a reused data folder is not formatted again. */
    private String clusterId() {
        Path file = dataDir.resolve("kafka-cluster.id");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            byte[] uuid = UUID.randomUUID().toString().replace("-", "").substring(0, 16).getBytes(StandardCharsets.US_ASCII);
            String id = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(uuid).substring(0, 22);
            Files.writeString(file, id);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The broker's jars, as the build resolved them, plus the launcher's own classes for the entry point. */
    static String brokerClasspath() {
        try (InputStream in = KafkaBroker.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(CLASSPATH_RESOURCE + " missing: build the launcher module with ./mvnw");
            }
            String jars = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return ChildJvm.ownCodeLocation() + java.io.File.pathSeparator + jars;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
