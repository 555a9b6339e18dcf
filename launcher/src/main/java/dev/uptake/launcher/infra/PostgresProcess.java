package dev.uptake.launcher.infra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Real PostgreSQL kept by a small JVM of its own, so it stops with the launcher however the launcher ends. */
public final class PostgresProcess implements AutoCloseable {

    private final ChildJvm process;
    private final int port;

    private PostgresProcess(ChildJvm process, int port) {
        this.process = process;
        this.port = port;
    }

    public static PostgresProcess start(Path dataDir, int port, String classpath, List<String> databases) {
        if (FreePorts.inUse(port)) {
            throw new IllegalStateException("port " + port + " on 127.0.0.1 is taken (a PostgreSQL from an earlier run "
                    + "still alive?); stop it or set UPTAKE_POSTGRES_PORT");
        }
        List<String> args = new ArrayList<>(List.of(Long.toString(ProcessHandle.current().pid()),
                dataDir.resolve("postgres").toString(), Integer.toString(port)));
        args.addAll(databases);
        // The first start on a machine unpacks the xz archive of the binaries, which needs more than a small heap.
        ChildJvm child = ChildJvm.start("postgres", ChildJvm.javaCommand(List.of("-Xmx256m", "-XX:+UseSerialGC"),
                classpath, PostgresMain.class.getName(), args.toArray(String[]::new)), Map.of(),
                dataDir.resolve("logs/postgres.log"));
        child.awaitReady(() -> child.logContains(PostgresMain.READY_MARKER), Duration.ofSeconds(90));
        return new PostgresProcess(child, port);
    }

    public String url(String database) {
        return "postgresql://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public void close() {
        process.close();
    }
}
