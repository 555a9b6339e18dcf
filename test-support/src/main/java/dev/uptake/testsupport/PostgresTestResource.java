package dev.uptake.testsupport;

import java.util.Map;

import dev.uptake.launcher.infra.PostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Real PostgreSQL, once per test JVM, with a fresh database for the service under test. */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private static final String DATABASE = "uptake_test";
    private static PostgresServer server;

    public static synchronized PostgresServer server() {
        if (server == null) {
            server = PostgresServer.startForTests();
            server.ensureDatabase(DATABASE);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stop-postgres"));
        }
        return server;
    }

    @Override
    public Map<String, String> start() {
        String url = server().url(DATABASE);
        return Map.of(
                "quarkus.datasource.reactive.url", url,
                "quarkus.datasource.jdbc.url", "jdbc:" + url,
                "quarkus.datasource.username", PostgresServer.USER,
                "quarkus.datasource.password", PostgresServer.PASSWORD);
    }

    @Override
    public void stop() {
        // Shared by every test class of this JVM.
    }
}
