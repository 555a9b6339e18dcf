package dev.uptake.launcher.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

class MongoWireServerTest {

    @TempDir
    Path data;

    @Test
    void shouldKeepDocumentsAndUniqueKeysAcrossARestartOnFile() {
        Path file = data.resolve("mongo/uptake.mv");
        withCollection(MongoWireServer.onFile(file, FreePorts.pick()), events -> {
            events.createIndex(Indexes.ascending("tenantId", "seq"), new IndexOptions().unique(true));
            for (int i = 0; i < 500; i++) {
                events.insertOne(new Document("_id", "t/" + i).append("tenantId", "t").append("seq", i));
            }
            events.updateOne(Filters.eq("_id", "t/7"), Updates.inc("hits", 3));
        });
        withCollection(MongoWireServer.onFile(file, FreePorts.pick()), events -> {
            assertThat(events.countDocuments()).isEqualTo(500);
            assertThat(events.find(Filters.eq("_id", "t/7")).first()).containsEntry("hits", 3);
            assertThat(events.find(Filters.in("_id", List.of("t/1", "t/499", "t/none"))).into(new java.util.ArrayList<>()))
                    .extracting(d -> d.getString("_id")).containsExactlyInAnyOrder("t/1", "t/499");
            assertThatThrownBy(() -> events.insertOne(new Document("_id", "t/42")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            assertThatThrownBy(() -> events.insertOne(new Document("_id", "x").append("tenantId", "t").append("seq", 9)))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
        });
    }

    @Test
    void shouldOpenFilesWrittenByTheStockH2BackendAndRebuildTheirIndexes() {
        Path file = data.resolve("old.mv");
        MongoServer stock = new MongoServer(new H2Backend(file.toString()));
        int port = FreePorts.pick();
        stock.bind("127.0.0.1", port);
        try (var client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
            MongoCollection<Document> events = client.getDatabase("uptake").getCollection("events");
            for (int i = 0; i < 50; i++) {
                events.insertOne(new Document("_id", "t/" + i).append("n", i));
            }
        } finally {
            stock.shutdownNow();
        }
        withCollection(MongoWireServer.onFile(file, FreePorts.pick()), events -> {
            assertThat(events.find(Filters.eq("_id", "t/33")).first()).containsEntry("n", 33);
            assertThatThrownBy(() -> events.insertOne(new Document("_id", "t/33")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            events.updateOne(Filters.eq("_id", "t/34"), Updates.set("n", -34));
        });
        // Old (Java-serialised) and new (BSON) documents side by side in one file.
        withCollection(MongoWireServer.onFile(file, FreePorts.pick()), events -> {
            assertThat(events.find(Filters.eq("_id", "t/33")).first()).containsEntry("n", 33);
            assertThat(events.find(Filters.eq("_id", "t/34")).first()).containsEntry("n", -34);
            assertThat(events.countDocuments()).isEqualTo(50);
        });
    }

    @Test
    void shouldKeepEveryValueTypeOfADocumentAcrossARestart() {
        Path file = data.resolve("types.mv");
        java.util.Date when = new java.util.Date(1_790_000_000_123L);
        Document rich = new Document("_id", "t/rich").append("text", "héllo").append("int", 7).append("long", 1L << 40)
                .append("double", 2.5).append("flag", true).append("when", when).append("nothing", null)
                .append("list", List.of(1, "two", new Document("three", 3)))
                .append("nested", new Document("deeper", new Document("rows", List.of(12L, 13L))))
                .append("id", new org.bson.types.ObjectId("65a1b2c3d4e5f60718293a4b"));
        withCollection(MongoWireServer.onFile(file, FreePorts.pick()), events -> events.insertOne(rich));
        withCollection(MongoWireServer.onFile(file, FreePorts.pick()), events ->
                assertThat(events.find(Filters.eq("_id", "t/rich")).first()).isEqualTo(rich));
    }

    private static void withCollection(MongoWireServer server, Consumer<MongoCollection<Document>> use) {
        try (server; var client = MongoClients.create(server.connectionString())) {
            use.accept(client.getDatabase("uptake").getCollection("events"));
        }
    }
}
