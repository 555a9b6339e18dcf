package dev.uptake.launcher.infra;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * The MongoDB stand-in: mongo-java-server speaks the wire protocol, in memory for tests, on H2 files for local runs.
 * It lacks TTL expiry, transactions, $dateTrunc, $setWindowFields, $bucketAuto and $text; real MongoDB is the
 * production target.
 */
public final class MongoWireServer implements AutoCloseable {

    /** How long stopping waits for queries still running; the H2 files recover what was committed in any case. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final MongoServer server;
    private final InetSocketAddress address;
    private final Duration closeWait;

    private MongoWireServer(MongoBackend backend, int port) {
        this(backend, port, CLOSE_WAIT);
    }

    MongoWireServer(MongoBackend backend, int port, Duration closeWait) {
        this.server = new MongoServer(backend);
        this.closeWait = closeWait;
        server.bind("127.0.0.1", port);
        this.address = server.getLocalAddress();
    }

    public static MongoWireServer inMemory() {
        return inMemory(FreePorts.pick());
    }

    public static MongoWireServer inMemory(int port) {
        return new MongoWireServer(IdBesideConditions.memoryBackend(), port);
    }

    /** The stock memory backend, unchanged: what the tests hold this stand-in's answers against. */
    static MongoWireServer stock() {
        return new MongoWireServer(new MemoryBackend(), FreePorts.pick());
    }

    public static MongoWireServer onFile(Path file, int port) {
        file.toFile().getParentFile().mkdirs();
        return new MongoWireServer(new KeyedH2Backend(file.toString()), port);
    }

    public String connectionString() {
        return "mongodb://127.0.0.1:" + address.getPort();
    }

    /**
     * Stops the server, waiting at most {@link #CLOSE_WAIT}: {@code shutdownNow} waits without limit for its clients'
     * channels to close, and a query stuck on an event loop (the stand-in once spent minutes collecting garbage under
     * a year-long scan) would keep Ctrl-C from ever stopping the suite.
     */
    @Override
    public void close() {
        Thread stopping = new Thread(server::shutdownNow, "mongo-stand-in-stop");
        stopping.setDaemon(true);
        stopping.start();
        try {
            stopping.join(closeWait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopping.isAlive()) {
            System.err.printf("uptake: the Mongo stand-in did not stop within %d s (a query still running); leaving it%n",
                    closeWait.toSeconds());
        }
    }
}
