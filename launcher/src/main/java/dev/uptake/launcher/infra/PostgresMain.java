package dev.uptake.launcher.infra;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point of the PostgreSQL keeper JVM: starts the server, creates the named databases, prints a ready marker,
 * and stops PostgreSQL when the parent process is gone. Arguments: parent pid, data dir, port, databases...
 */
public final class PostgresMain {

    static final String READY_MARKER = "UPTAKE-POSTGRES-READY";

    private PostgresMain() {
    }

    public static void main(String[] args) throws Exception {
        PostgresServer server = PostgresServer.start(Path.of(args[1]), Integer.parseInt(args[2]));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stop-postgres"));
        ParentWatch.exitWhenGone(Long.parseLong(args[0]));
        for (int i = 3; i < args.length; i++) {
            server.ensureDatabase(args[i]);
        }
        System.out.println(READY_MARKER);
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
