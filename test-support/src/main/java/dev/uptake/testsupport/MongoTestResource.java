package dev.uptake.testsupport;

import java.util.Map;

import dev.uptake.launcher.infra.MongoWireServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** The Mongo-wire server, in memory, once per test JVM. */
public class MongoTestResource implements QuarkusTestResourceLifecycleManager {

    private static MongoWireServer server;

    public static synchronized MongoWireServer server() {
        if (server == null) {
            server = MongoWireServer.inMemory();
        }
        return server;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.mongodb.connection-string", server().connectionString());
    }

    @Override
    public void stop() {
        // Shared by every test class of this JVM.
    }
}
