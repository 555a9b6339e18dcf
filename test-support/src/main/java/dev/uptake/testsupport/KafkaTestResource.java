package dev.uptake.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.uptake.launcher.infra.Folders;
import dev.uptake.launcher.infra.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real Kafka broker in its own JVM, started once per test JVM on free ports and shared by every test class; tests
 * that need the broker down call {@link #broker()}{@code .stop()} and start it again.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    private static KafkaBroker broker;

    public static synchronized KafkaBroker broker() {
        if (broker == null) {
            try {
                Path dataDir = Files.createTempDirectory("uptake-kafka-test");
                broker = KafkaBroker.forTests(dataDir);
                // Stopped with the test JVM, and its logs removed: CI machines run the suite many times.
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    broker.close();
                    Folders.deleteQuietly(dataDir);
                }, "stop-test-broker"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            broker.start();
        }
        if (!broker.isRunning()) {
            broker.start();
        }
        return broker;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", broker().bootstrapServers());
    }

    @Override
    public void stop() {
        // Shared by every test class of this JVM; stopped with the JVM.
    }
}
