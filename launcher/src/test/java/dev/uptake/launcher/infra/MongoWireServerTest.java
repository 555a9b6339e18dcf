package dev.uptake.launcher.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

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
    void shouldOpenAFileWithoutReadingCollectionsForIndexesThatAreNotUnique() {
        Path file = data.resolve("mongo/secondary.mv");
        withCollection(MongoWireServer.onFile(file, FreePorts.pick()), events -> {
            for (int i = 0; i < 200; i++) {
                events.insertOne(new Document("_id", "t/" + i).append("tenantId", "t" + i % 2).append("n", i));
            }
            events.createIndex(Indexes.ascending("tenantId", "n"));
            events.createIndex(Indexes.ascending("n"), new IndexOptions().name("retention"));
        });
        long before = KeyedH2Backend.fullReads();
        KeyedH2Backend reopened = new KeyedH2Backend(file.toString());
        assertThat(KeyedH2Backend.fullReads()).isEqualTo(before);
        reopened.close();
        withCollection(MongoWireServer.onFile(file, FreePorts.pick()), events -> {
            assertThat(events.listIndexes().into(new java.util.ArrayList<>())).extracting(d -> d.getString("name"))
                    .contains("tenantId_1_n_1", "retention");
            assertThat(events.countDocuments(Filters.and(Filters.eq("tenantId", "t1"), Filters.lt("n", 10)))).isEqualTo(5);
            events.insertOne(new Document("_id", "t/200").append("tenantId", "t0").append("n", 5));
            assertThat(events.countDocuments(Filters.eq("n", 5))).isEqualTo(2);
        });
    }

    @Test
    void shouldDecodeOnlyTheDocumentsALookupByIdReadsNotTheRestOfTheirPage() {
        Path file = data.resolve("mongo/pages.mv");
        withCollection(MongoWireServer.onFile(file, FreePorts.pick()), events -> {
            for (int i = 0; i < 2_000; i++) {
                events.insertOne(new Document("_id", "t/" + i).append("n", i).append("pad", "x".repeat(100)));
            }
        });
        withCollection(MongoWireServer.onFile(file, FreePorts.pick()), events -> {
            assertThat(events.find(Filters.eq("_id", "t/1")).first()).containsEntry("n", 1);
            long before = StoredDocument.decoded();

            List<Document> found = events.find(Filters.in("_id", List.of("t/1000", "t/1500", "t/1501")))
                    .into(new java.util.ArrayList<>());

            assertThat(found).extracting(d -> d.getInteger("n")).containsExactlyInAnyOrder(1000, 1500, 1501);
            assertThat(StoredDocument.decoded() - before).isEqualTo(3);
        });
    }

    @Test
    void shouldOpenFilesWrittenByTheStockH2BackendAndRebuildTheirIndexes() {
        Path file = writtenByTheStockBackend("old.mv", 50);
        withCollection(MongoWireServer.onFile(file, FreePorts.pick()), events -> {
            assertThat(events.find(Filters.eq("_id", "t/33")).first()).containsEntry("n", 33);
            assertThatThrownBy(() -> events.insertOne(new Document("_id", "t/33")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            events.updateOne(Filters.eq("_id", "t/34"), Updates.set("n", -34));
        });
        // Old (Java-serialised) and new (BSON) documents side by side in one file, now under sequence positions.
        withCollection(MongoWireServer.onFile(file, FreePorts.pick()), events -> {
            assertThat(events.find(Filters.eq("_id", "t/33")).first()).containsEntry("n", 33);
            assertThat(events.find(Filters.eq("_id", "t/34")).first()).containsEntry("n", -34);
            assertThat(events.countDocuments()).isEqualTo(50);
            events.insertOne(new Document("_id", "t/50").append("n", 50));
        });
        withCollection(MongoWireServer.onFile(file, FreePorts.pick()), events -> {
            assertThat(events.countDocuments()).isEqualTo(51);
            assertThat(events.find(Filters.eq("_id", "t/50")).first()).containsEntry("n", 50);
            assertThat(events.find(Filters.eq("_id", "t/0")).first()).containsEntry("n", 0);
            assertThatThrownBy(() -> events.insertOne(new Document("_id", "t/49")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
        });
    }

    @Test
    void shouldKeepDocumentsInInsertionOrderAndGoOnAfterTheLastOneAcrossRestarts() {
        Path file = data.resolve("order.mv");
        List<String> first = List.of("t/9", "t/1", "t/5");
        withCollection(MongoWireServer.onFile(file, FreePorts.pick()), events -> {
            first.forEach(id -> events.insertOne(new Document("_id", id).append("round", 1)));
            // Stored by position, not by id: an unsorted scan reads them back as they came, as MongoDB's does.
            assertThat(ids(events)).containsExactlyElementsOf(first);
            events.deleteOne(Filters.eq("_id", "t/5"));
        });
        withCollection(MongoWireServer.onFile(file, FreePorts.pick()), events -> {
            events.insertMany(List.of(new Document("_id", "t/0").append("round", 2),
                    new Document("_id", "t/5").append("round", 2)));
            assertThat(ids(events)).containsExactly("t/9", "t/1", "t/0", "t/5");
            assertThat(events.find(Filters.eq("_id", "t/9")).first()).containsEntry("round", 1);
            assertThatThrownBy(() -> events.insertOne(new Document("_id", "t/1")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
        });
        withCollection(MongoWireServer.onFile(file, FreePorts.pick()), events -> {
            assertThat(ids(events)).containsExactly("t/9", "t/1", "t/0", "t/5");
            assertThat(events.find(Filters.eq("_id", "t/5")).first()).containsEntry("round", 2);
        });
    }

    /** A file as the stock H2 backend leaves it: documents t/0 .. t/(count-1), each with n = its number. */
    private Path writtenByTheStockBackend(String name, int count) {
        Path file = data.resolve(name);
        MongoServer stock = new MongoServer(new H2Backend(file.toString()));
        int port = FreePorts.pick();
        stock.bind("127.0.0.1", port);
        try (var client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
            MongoCollection<Document> events = client.getDatabase("uptake").getCollection("events");
            for (int i = 0; i < count; i++) {
                events.insertOne(new Document("_id", "t/" + i).append("n", i));
            }
        } finally {
            stock.shutdownNow();
        }
        return file;
    }

    private static List<String> ids(MongoCollection<Document> events) {
        return events.find().map(document -> document.getString("_id")).into(new java.util.ArrayList<>());
    }

    @Test
    void shouldStartTheMoveToSequencePositionsOverWhenAnEarlierOneWasInterrupted() {
        Path file = writtenByTheStockBackend("moving.mv", 20);
        // What a move cut short leaves: the old map whole, and part of the copy.
        org.h2.mvstore.MVStore store = org.h2.mvstore.MVStore.open(file.toString());
        store.openMap("databases.uptake.events~moving").put(0L, "half a copy");
        store.close();
        withCollection(MongoWireServer.onFile(file, FreePorts.pick()), events -> {
            assertThat(events.countDocuments()).isEqualTo(20);
            assertThat(events.find(Filters.eq("_id", "t/0")).first()).containsEntry("n", 0);
            assertThat(events.find(Filters.eq("_id", "t/19")).first()).containsEntry("n", 19);
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

    @Test
    void shouldTellEachDuplicateIdInAnUnorderedBatchKeepTheFirstDocumentAndFindItAfterUpdates() {
        Path file = data.resolve("ids.mv");
        Document compositeId = new Document("tenant", "t").append("seq", 1);
        org.bson.types.ObjectId objectId = new org.bson.types.ObjectId("65a1b2c3d4e5f60718293a4b");
        withCollection(MongoWireServer.onFile(file, FreePorts.pick()), events -> {
            events.insertOne(new Document("_id", "t/a").append("v", "first"));
            List<Document> batch = List.of(new Document("_id", "t/b").append("v", 1),
                    new Document("_id", "t/a").append("v", "second"), new Document("_id", compositeId).append("v", 2),
                    new Document("_id", objectId).append("v", 3), new Document("_id", "t/b").append("v", 4),
                    new Document("_id", new Document("tenant", "t").append("seq", 1)).append("v", 5),
                    new Document("_id", 42).append("v", 6), new Document("_id", 42L).append("v", 7));
            assertThatThrownBy(() -> events.insertMany(batch, new InsertManyOptions().ordered(false)))
                    .isInstanceOfSatisfying(MongoBulkWriteException.class, failure -> assertThat(
                            failure.getWriteErrors()).extracting(BulkWriteError::getIndex, BulkWriteError::getCode)
                            // 42L equals 42 as a key, as in MongoDB.
                            .containsExactly(tuple(1, 11000), tuple(4, 11000), tuple(5, 11000), tuple(7, 11000)));
        });
        withCollection(MongoWireServer.onFile(file, FreePorts.pick()), events -> {
            assertThat(events.countDocuments()).isEqualTo(5);
            assertThat(events.find(Filters.eq("_id", "t/a")).first()).containsEntry("v", "first");
            assertThat(events.find(Filters.eq("_id", "t/b")).first()).containsEntry("v", 1);
            assertThat(events.find(Filters.eq("_id", compositeId)).first()).containsEntry("v", 2);
            assertThat(events.find(Filters.eq("_id", objectId)).first()).containsEntry("v", 3);
            assertThat(events.find(Filters.eq("_id", 42)).first()).containsEntry("v", 6);
            assertThatThrownBy(() -> events.insertOne(new Document("_id", objectId)))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            events.updateOne(Filters.eq("_id", compositeId), Updates.set("v", 20));
            events.replaceOne(Filters.eq("_id", "t/b"), new Document("v", 10));
            events.updateOne(Filters.eq("_id", "t/new"), Updates.set("v", 30), new UpdateOptions().upsert(true));
            assertThatThrownBy(() -> events.updateOne(Filters.eq("_id", "t/a"), Updates.set("_id", "t/b")))
                    .isInstanceOf(MongoWriteException.class);
        });
        withCollection(MongoWireServer.onFile(file, FreePorts.pick()), events -> {
            assertThat(events.find(Filters.eq("_id", compositeId)).first()).containsEntry("v", 20);
            assertThat(events.find(Filters.eq("_id", "t/b")).first()).containsEntry("v", 10);
            assertThat(events.find(Filters.eq("_id", "t/new")).first()).containsEntry("v", 30);
            assertThat(events.find(Filters.eq("_id", "t/a")).first()).containsEntry("v", "first");
            assertThat(events.countDocuments()).isEqualTo(6);
            assertThatThrownBy(() -> events.insertOne(new Document("_id", "t/new")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
        });
    }

    @Test
    void shouldReportTheSameCollectionSizeAsTheStockServerThatMeasuresEveryWrite() {
        Consumer<MongoCollection<Document>> writes = events -> {
            for (int i = 0; i < 200; i++) {
                events.insertOne(new Document("_id", "t/" + i).append("rows", List.of(i, i + 1)).append("name", "é" + i));
            }
            events.updateMany(Filters.lt("_id", "t/5"), Updates.set("grown", "x".repeat(300)));
            events.deleteMany(Filters.gt("_id", "t/8"));
        };
        java.util.function.Function<com.mongodb.client.MongoDatabase, Document> sized = database -> {
            writes.accept(database.getCollection("events"));
            return database.runCommand(new Document("collStats", "events"));
        };
        Document expected = onDatabase(MongoWireServer.stock(), sized);

        Document stats = onDatabase(MongoWireServer.onFile(data.resolve("sizes.mv"), FreePorts.pick()), sized);

        assertThat(((Number) expected.get("size")).longValue()).isGreaterThan(0);
        assertThat(stats.get("count")).isEqualTo(expected.get("count"));
        assertThat(stats.get("size")).isEqualTo(expected.get("size"));
    }

    @Test
    void shouldAnswerQueriesByIdsFromTheIndexAloneAsTheStockServerAnswersThem() {
        Consumer<MongoCollection<Document>> writes = events -> {
            for (int i = 0; i < 300; i++) {
                events.insertOne(new Document("_id", "t/" + i).append("n", i % 7).append("pad", "x".repeat(i % 50)));
            }
            events.insertOne(new Document("_id", 42).append("n", 1));
            events.updateOne(Filters.eq("_id", "t/3"), Updates.inc("n", 100));
            events.updateOne(Filters.eq("_id", "t/new"), Updates.set("n", 5), new UpdateOptions().upsert(true));
            events.updateMany(Filters.in("_id", List.of("t/4", "t/5", "t/none")), Updates.set("seen", true));
        };
        List<org.bson.conversions.Bson> queries = List.of(Filters.eq("_id", "t/3"), Filters.eq("_id", "t/none"),
                Filters.in("_id", List.of("t/9", "t/1", "t/9", "t/none", "t/new", "t/4")),
                Filters.in("_id", List.of()), Filters.in("_id", List.of("t/2", 42)), Filters.eq("_id", 42),
                Filters.and(Filters.in("_id", List.of("t/1", "t/2", "t/5")), Filters.eq("n", 2)));
        java.util.function.Function<MongoCollection<Document>, List<List<Document>>> reads = events -> {
            List<List<Document>> answers = new java.util.ArrayList<>();
            for (var query : queries) {
                answers.add(events.find(query).into(new java.util.ArrayList<>()));
                answers.add(events.find(query).projection(new Document("n", 1)).sort(new Document("n", -1)).skip(1)
                        .limit(2).into(new java.util.ArrayList<>()));
            }
            return answers;
        };
        List<List<Document>> expected = onDatabase(MongoWireServer.stock(), database -> {
            MongoCollection<Document> events = database.getCollection("events");
            writes.accept(events);
            return reads.apply(events);
        });
        withCollection(MongoWireServer.onFile(data.resolve("ids.mv"), FreePorts.pick()), events -> {
            writes.accept(events);
            long before = KeyedH2Backend.idLookups();

            List<List<Document>> answers = reads.apply(events);

            assertThat(answers).isEqualTo(expected);
            assertThat(answers.get(4)).extracting(d -> d.get("_id")).containsExactly("t/1", "t/4", "t/9", "t/new");
            assertThat(answers.get(5)).extracting(d -> d.get("n")).containsExactly(4, 2);
            // Strings alone, or one: the four queries on string ids, each read twice; numbers and other fields match.
            assertThat(KeyedH2Backend.idLookups() - before).isEqualTo(8);
        });
    }

    @Test
    void shouldReadOneDocumentForAnIdBesideOtherConditionsAsTheStockServerAnswersThem() {
        Consumer<MongoCollection<Document>> writes = claims -> {
            for (int i = 0; i < 200; i++) {
                claims.insertOne(new Document("_id", "t/" + i).append("state", i % 2 == 0 ? "failed" : "pending")
                        .append("at", new java.util.Date(i * 1_000L)));
            }
        };
        // A compare-and-set as ingestion takes a claim over: it must hit on the right state and time only.
        java.util.function.Function<MongoCollection<Document>, List<Object>> run = claims -> List.of(
                claims.updateOne(Filters.and(Filters.eq("_id", "t/4"), Filters.eq("state", "failed"),
                        Filters.eq("at", new java.util.Date(4_000L))), Updates.set("state", "pending"))
                        .getModifiedCount(),
                claims.updateOne(Filters.and(Filters.eq("_id", "t/4"), Filters.eq("state", "failed"),
                        Filters.eq("at", new java.util.Date(4_000L))), Updates.set("state", "pending"))
                        .getModifiedCount(),
                claims.updateOne(Filters.and(Filters.eq("_id", "t/none"), Filters.eq("state", "failed")),
                        Updates.set("state", "pending")).getModifiedCount(),
                claims.updateOne(new Document("_id", "t/6").append("state", "failed"), Updates.set("state", "x"))
                        .getModifiedCount(),
                claims.find(Filters.and(Filters.eq("_id", "t/7"), Filters.eq("state", "pending")))
                        .into(new java.util.ArrayList<>()),
                claims.find(Filters.and(Filters.eq("_id", "t/7"), Filters.eq("state", "failed")))
                        .into(new java.util.ArrayList<>()),
                claims.find(Filters.and(Filters.eq("_id", "t/8"), Filters.eq("state", "failed"))).first(),
                claims.find(Filters.in("_id", List.of("t/4", "t/6"))).into(new java.util.ArrayList<>()));
        List<Object> expected = onDatabase(MongoWireServer.stock(), database -> {
            MongoCollection<Document> claims = database.getCollection("events");
            writes.accept(claims);
            return run.apply(claims);
        });
        for (MongoWireServer server : List.of(MongoWireServer.onFile(data.resolve("conditions.mv"), FreePorts.pick()),
                MongoWireServer.inMemory())) {
            withCollection(server, claims -> {
                writes.accept(claims);
                long scans = KeyedH2Backend.scans();
                long narrowed = IdBesideConditions.narrowed();

                List<Object> answers = run.apply(claims);

                assertThat(answers).isEqualTo(expected);
                assertThat(answers.subList(0, 4)).containsExactly(1L, 0L, 0L, 1L);
                // Seven queries name an id beside other conditions; none read the whole collection.
                assertThat(IdBesideConditions.narrowed() - narrowed).isEqualTo(7);
                assertThat(KeyedH2Backend.scans()).isEqualTo(scans);
            });
        }
    }

    @Test
    void shouldApplyUpdatesByIdAsTheStockServerAppliesThem() {
        List<Document> updates = randomUpdates(new java.util.Random(7), 1_000);
        java.util.function.Function<MongoCollection<Document>, List<String>> run = events -> {
            List<String> seen = new java.util.ArrayList<>();
            for (int i = 0; i < 12; i++) {
                events.insertOne(new Document("_id", "d/" + i).append("n", i).append("l", (long) i).append("d", i / 2.0)
                        .append("s", "s" + i).append("t", new java.util.Date(i * 1_000L)).append("nil", null)
                        .append("arr", List.of(i, "a")).append("tags", List.of("x", "y"))
                        .append("sub", new Document("a", i).append("b", new Document("c", "x"))));
            }
            for (Document update : updates) {
                String id = update.getString("id");
                String outcome;
                try {
                    var result = events.updateOne(Filters.eq("_id", id), update.get("update", Document.class),
                            new UpdateOptions().upsert(update.getBoolean("upsert")));
                    outcome = result.getMatchedCount() + "/" + result.getModifiedCount() + "/" + result.getUpsertedId();
                } catch (com.mongodb.MongoException e) {
                    outcome = "error " + e.getCode();
                }
                Document stored = events.find(Filters.eq("_id", id)).first();
                seen.add(update.toJson() + " -> " + outcome + " " + (stored == null ? "none" : stored.toJson(EXTENDED)));
            }
            events.find().sort(new Document("_id", 1)).forEach(document -> seen.add(document.toJson(EXTENDED)));
            return seen;
        };
        List<String> expected = onDatabase(MongoWireServer.stock(),
                database -> run.apply(database.getCollection("events")));
        withCollection(MongoWireServer.onFile(data.resolve("updates.mv"), FreePorts.pick()), events -> {
            long before = KeyedH2Backend.copyOnWriteUpdates();

            List<String> applied = run.apply(events);

            for (int i = 0; i < expected.size(); i++) {
                assertThat(applied.get(i)).as("step %d", i).isEqualTo(expected.get(i));
            }
            assertThat(applied).hasSameSizeAs(expected);
            assertThat(expected).anyMatch(step -> step.contains("-> error"));
            // Most go the new way, upserts that insert too; another operator or a path through an array the stock way.
            assertThat(KeyedH2Backend.copyOnWriteUpdates() - before).isBetween(1_000L, 1_900L);
        });
    }

    private static final org.bson.json.JsonWriterSettings EXTENDED = org.bson.json.JsonWriterSettings.builder()
            .outputMode(org.bson.json.JsonMode.EXTENDED).build();

    /** Updates of a dozen documents (and a few absent ones): the operators, paths and values services send, and others. */
    private static List<Document> randomUpdates(java.util.Random random, int count) {
        List<String> paths = List.of("n", "l", "d", "s", "t", "nil", "arr", "arr.0", "tags", "sub", "sub.a", "sub.b.c",
                "sub.b.new", "fresh.x.y", "ev.a", "ev.b", "ev.c", "s.x", "_id", "days", "cnt", "wm.p0", "wm.p1",
                "last.a", "last.b", "segment");
        List<Object> values = java.util.Arrays.asList(1, 2L, 2.5, -0.0, 0, "x", "2026-01-03", "2026-01-01",
                new java.util.Date(5_000L), null, List.of(1, "a"), new Document("k", 1), true, 3_000_000_000L,
                new org.bson.types.Decimal128(new java.math.BigDecimal("1.5")), List.of());
        List<String> operators = List.of("$set", "$setOnInsert", "$inc", "$min", "$max", "$addToSet", "$push", "$set",
                "$inc", "$min", "$max", "$addToSet", "$push", "$unset", "$mul");
        List<Document> updates = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            Document update = new Document();
            for (int o = 0; o < 1 + random.nextInt(3); o++) {
                String operator = operators.get(random.nextInt(operators.size()));
                Document changes = update.get(operator, new Document());
                for (int p = 0; p < 1 + random.nextInt(3); p++) {
                    changes.put(paths.get(random.nextInt(paths.size())), operand(operator, random, values));
                }
                update.put(operator, changes);
            }
            String id = "d/" + random.nextInt(random.nextInt(10) == 0 ? 15 : 12);
            updates.add(new Document("id", id).append("update", update).append("upsert", random.nextInt(4) == 0));
            updates.add(new Document("id", "r/" + random.nextInt(40)).append("update", rollup(random))
                    .append("upsert", true));
        }
        return updates;
    }

    /** An update shaped like scoring's rollups: counters, first and last times, watermarks, sets and a bounded list. */
    private static Document rollup(java.util.Random random) {
        int day = 1 + random.nextInt(9);
        return new Document("$setOnInsert", new Document("tenantId", "t").append("day", "2026-01-0" + day))
                .append("$inc", new Document("eventCount", 1 + random.nextInt(3)).append("ev.e" + random.nextInt(4), 1))
                .append("$min", new Document("firstSeenAt", new java.util.Date(day * 1_000L)))
                .append("$max", new Document("lastSeenAt", new java.util.Date(day * 1_000L))
                        .append("lastUsed.e" + random.nextInt(4), "2026-01-0" + day))
                .append("$set", new Document("wm.p" + random.nextInt(3), (long) random.nextInt(1_000))
                        .append("session", new Document("start", new java.util.Date(day)).append("n", day)))
                .append("$addToSet", new Document("users", new Document("$each", List.of("u" + random.nextInt(5)))))
                .append("$push", new Document("activeDays", new Document("$each", List.of("2026-01-0" + day))
                        .append("$sort", 1).append("$slice", -5)));
    }

    private static Object operand(String operator, java.util.Random random, List<Object> values) {
        Object value = values.get(random.nextInt(values.size()));
        return switch (operator) {
            case "$inc", "$mul" -> random.nextInt(8) == 0 ? value
                    : List.<Object>of(1, 0, 2L, 0.5, -3).get(random.nextInt(5));
            case "$unset" -> "";
            case "$addToSet" -> random.nextBoolean() ? value
                    : new Document("$each", java.util.Arrays.asList(values.get(random.nextInt(6)),
                            values.get(random.nextInt(values.size()))));
            case "$push" -> {
                if (random.nextInt(3) == 0) {
                    yield value;
                }
                Document each = new Document("$each", List.of("2026-01-0" + (1 + random.nextInt(9)), "2026-01-05"));
                if (random.nextBoolean()) {
                    each.append("$sort", random.nextInt(5) == 0 ? -1 : 1);
                }
                if (random.nextBoolean()) {
                    each.append("$slice", -1 - random.nextInt(4));
                }
                if (random.nextInt(10) == 0) {
                    each.append("$position", 0);
                }
                yield each;
            }
            default -> value;
        };
    }

    private static void withCollection(MongoWireServer server, Consumer<MongoCollection<Document>> use) {
        onDatabase(server, database -> {
            use.accept(database.getCollection("events"));
            return null;
        });
    }

    /** What {@code use} answers on the server's database, the server stopped after; the stock one is {@code inMemory}. */
    private static <T> T onDatabase(MongoWireServer server,
            java.util.function.Function<com.mongodb.client.MongoDatabase, T> use) {
        try (server; var client = MongoClients.create(server.connectionString())) {
            return use.apply(client.getDatabase("uptake"));
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void shouldStopEvenWhileAQueryIsStuck() throws Exception {
        java.util.concurrent.CountDownLatch stuck = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        MemoryBackend backend = new MemoryBackend() {
            @Override
            public de.bwaldvogel.mongo.bson.Document handleCommand(io.netty.channel.Channel channel, String database,
                    String command, de.bwaldvogel.mongo.bson.Document query) {
                if (command.equals("find") && "stuck".equals(query.get("find"))) {
                    stuck.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.handleCommand(channel, database, command, query);
            }
        };
        MongoWireServer server = new MongoWireServer(backend, FreePorts.pick(), java.time.Duration.ofSeconds(1));
        Thread client = new Thread(() -> {
            try (var mongo = MongoClients.create(server.connectionString())) {
                mongo.getDatabase("uptake").getCollection("stuck").find().first();
            } catch (RuntimeException expected) {
                // The server went away under it.
            }
        });
        client.setDaemon(true);
        client.start();
        try {
            assertThat(stuck.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

            // Without the bound this never returns: shutdownNow waits for the blocked event loop.
            server.close();

            assertThat(release.getCount()).isEqualTo(1);
        } finally {
            release.countDown();
        }
    }
}
