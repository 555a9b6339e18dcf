package dev.uptake.launcher.infra;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.backend.memory.index.MemoryUniqueIndex;
import de.bwaldvogel.mongo.bson.Document;

/**
 * A query that names one string {@code _id} beside other conditions (side by side, or in a top-level {@code $and})
 * is answered from the unique {@code _id} index: the one document it names is then matched against the whole query.
 * The stock unique index takes only queries on its keys alone, so a conditional update by id (a compare-and-set, as
 * ingestion takes a claim over) matched every document of the collection, and blocked the collection meanwhile.
 */
final class IdBesideConditions {

    static final String ID = "_id";

    /** How often a query was narrowed so, for the tests. */
    private static final AtomicLong NARROWED = new AtomicLong();

    private IdBesideConditions() {
    }

    static long narrowed() {
        return NARROWED.get();
    }

    /** Whether an index on these keys is the unique one on {@code _id} alone. */
    static boolean onIdAlone(List<IndexKey> keys, boolean sparse) {
        return !sparse && keys.size() == 1 && ID.equals(keys.get(0).getKey());
    }

    /** The string id the query names beside other conditions; null when it names none, or nothing else. */
    static String idOf(Document query) {
        if (query.size() > 1 && query.get(ID) instanceof String id) {
            return id;
        }
        if (query.size() == 1 && query.get("$and") instanceof List<?> conditions) {
            for (Object condition : conditions) {
                if (condition instanceof Document one && one.size() == 1 && one.get(ID) instanceof String id) {
                    return id;
                }
            }
        }
        return null;
    }

    /** The query an index on {@code _id} alone answers in its place, counted. */
    static Document byId(String id) {
        NARROWED.incrementAndGet();
        return new Document(ID, id);
    }

    /** The stock memory backend, whose {@code _id} indexes also answer such queries. */
    static MongoBackend memoryBackend() {
        return new MemoryBackend() {
            @Override
            public MemoryDatabase openOrCreateDatabase(String name) {
                return new Database(name, getCursorRegistry());
            }
        };
    }

    private static final class Database extends MemoryDatabase {
        Database(String name, CursorRegistry cursors) {
            super(name, cursors);
        }

        @Override
        protected Index<Integer> openOrCreateUniqueIndex(String collection, String name, List<IndexKey> keys,
                boolean sparse) {
            return onIdAlone(keys, sparse) ? new MemoryIdIndex(name, keys) : super.openOrCreateUniqueIndex(collection,
                    name, keys, sparse);
        }
    }

    private static final class MemoryIdIndex extends MemoryUniqueIndex {
        MemoryIdIndex(String name, List<IndexKey> keys) {
            super(name, keys, false);
        }

        @Override
        public synchronized boolean canHandle(Document query) {
            return idOf(query) != null || super.canHandle(query);
        }

        @Override
        public synchronized Iterable<Integer> getPositions(Document query) {
            String id = idOf(query);
            return super.getPositions(id == null ? query : byId(id));
        }
    }
}
