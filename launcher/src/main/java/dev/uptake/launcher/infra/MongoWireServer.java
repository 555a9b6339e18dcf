package dev.uptake.launcher.infra;

import java.net.InetSocketAddress;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * The MongoDB stand-in: mongo-java-server speaks the wire protocol, in memory for tests, on H2 files for local runs.
 * It lacks TTL expiry, transactions, $dateTrunc, $setWindowFields, $bucketAuto and $text; real MongoDB is the
 * production target.
 */
public final class MongoWireServer implements AutoCloseable {

    private final MongoServer server;
    private final InetSocketAddress address;

    private MongoWireServer(MongoBackend backend, int port) {
        this.server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
        this.address = server.getLocalAddress();
    }

    public static MongoWireServer inMemory() {
        return inMemory(FreePorts.pick());
    }

    public static MongoWireServer inMemory(int port) {
        return new MongoWireServer(new MemoryBackend(), port);
    }

    public static MongoWireServer onFile(Path file, int port) {
        file.toFile().getParentFile().mkdirs();
        return new MongoWireServer(new KeyedH2Backend(file.toString()), port);
    }

    public String connectionString() {
        return "mongodb://127.0.0.1:" + address.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
