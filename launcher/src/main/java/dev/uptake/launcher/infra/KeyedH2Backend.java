package dev.uptake.launcher.infra;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.EmptyIndex;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.exception.DuplicateKeyError;
import de.bwaldvogel.mongo.oplog.Oplog;

/**
 * mongo-java-server's H2 backend with index keys compared as values and documents stored as BSON
 * ({@link BsonDocumentType}). The stock backend stores index keys in MVStore
 * maps typed as plain objects, so every comparison in a B-tree search Java-serialises both keys: under load that was
 * two thirds of the stand-in's CPU. Here the keys are compared with the server's own value order and serialised only
 * when a page is written. The index maps carry a new name; on the first start over older files each index is rebuilt
 * from its collection and the old map is dropped.
 */
public class KeyedH2Backend extends H2Backend {

    /** Index maps of this layout: keys compared as values, positions in the collection's sequence. */
    static final String INDEX_SUFFIX = "~sequenced";
    /** Index map suffixes of older layouts, whose positions were document ids. */
    private static final List<String> OLD_INDEX_SUFFIXES = List.of("", "~keyed");
    private static final String DATA = "databases.";
    private static final String MOVING_SUFFIX = "~moving";
    private static final String LAYOUT = "layout";
    private static final String SEQUENCED = "sequenced";
    private static final String ID = "_id";

    /**
     * How often any collection was read whole to build or search an index, for the tests: static, as the stock
     * constructor opens every collection before an instance field could count.
     */
    private static final AtomicLong FULL_READS = new AtomicLong();
    /** How often a query by ids took its documents from the id index without matching them again, for the tests. */
    private static final AtomicLong ID_LOOKUPS = new AtomicLong();
    /** How often a query or update matched a collection's every document, no index narrowing it, for the tests. */
    private static final AtomicLong SCANS = new AtomicLong();
    /** How often an update was applied by {@link CopyOnWriteUpdate} rather than the stock engine, for the tests. */
    private static final AtomicLong COPY_ON_WRITE_UPDATES = new AtomicLong();

    public KeyedH2Backend(String fileName) {
        super(fileName);
    }

    static long fullReads() {
        return FULL_READS.get();
    }

    static long idLookups() {
        return ID_LOOKUPS.get();
    }

    static long scans() {
        return SCANS.get();
    }

    static long copyOnWriteUpdates() {
        return COPY_ON_WRITE_UPDATES.get();
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new KeyedH2Database(databaseName);
    }

    /** An inner class: the stock constructor opens the indexes, before any field of a subclass could be set. */
    private final class KeyedH2Database extends H2Database {

        KeyedH2Database(String databaseName) {
            super(databaseName, getMvStore(), getCursorRegistry());
        }

        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                boolean sparse) {
            MVStore store = getMvStore();
            String stockName = getFullCollectionNamespace(collectionName) + "._index_" + indexName;
            for (String suffix : OLD_INDEX_SUFFIXES) {
                if (store.hasMap(stockName + suffix)) {
                    store.removeMap(stockName + suffix);
                }
            }
            MVMap<KeyValue, Object> map = store.openMap(stockName + INDEX_SUFFIX,
                    new MVMap.Builder<KeyValue, Object>().keyType(new KeyValueType()));
            return new KeyedIndex(map, indexName, keys, sparse);
        }

        /**
         * mongo-java-server keeps no entries for an index that is not unique: it answers every query by matching. Its
         * placeholder counts as empty, and an empty index is filled from the collection when it is opened, so every
         * start read each such index's whole collection twice for nothing: with a year of a 10,000-account tenant's
         * events archived, the stand-in took 200 s to open. Here the placeholder says it is built.
         */
        @Override
        protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
                boolean sparse) {
            return new MatchedIndex(indexName, keys);
        }

        /**
         * The stock maps, with documents stored as BSON (readable from older files too). A collection keyed by
         * {@code _id} keeps its documents under an insertion sequence instead ({@link SizedOnDemandCollection}); one
         * written by an older version is moved to that layout when it is first opened.
         */
        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName,
                CollectionOptions options) {
            String namespace = getFullCollectionNamespace(collectionName);
            MVMap<String, Object> meta = getMvStore().openMap("meta." + namespace);
            boolean sequenced = ID.equals(options.getIdField());
            MVMap<Object, StoredDocument> data = sequenced ? sequencedData(namespace, meta)
                    : dataMap(DATA + namespace);
            return new SizedOnDemandCollection(this, collectionName, options, data, meta, sequenced);
        }

        /**
         * Copies documents kept under their {@code _id} to sequence keys in a new map that then takes the old one's
         * name. Interrupted, it starts over: the old map goes only once the copy is complete.
         */
        private MVMap<Object, StoredDocument> sequencedData(String namespace, MVMap<String, Object> meta) {
            MVStore store = getMvStore();
            String name = DATA + namespace;
            String copy = name + MOVING_SUFFIX;
            if (store.hasMap(copy) && !store.hasMap(name)) {
                store.renameMap(dataMap(copy), name);
            }
            MVMap<Object, StoredDocument> data = dataMap(name);
            if (SEQUENCED.equals(meta.get(LAYOUT))) {
                return data;
            }
            if (data.isEmpty()) {
                meta.put(LAYOUT, SEQUENCED);
                return data;
            }
            if (store.hasMap(copy)) {
                store.removeMap(copy);
            }
            MVMap<Object, StoredDocument> moved = dataMap(copy);
            long position = 0;
            for (StoredDocument document : data.values()) {
                moved.put(position++, document);
            }
            store.removeMap(data);
            store.renameMap(moved, name);
            meta.put(LAYOUT, SEQUENCED);
            store.commit();
            return moved;
        }

        private MVMap<Object, StoredDocument> dataMap(String name) {
            return getMvStore().openMap(name,
                    new MVMap.Builder<Object, StoredDocument>().keyType(new IdType()).valueType(new BsonDocumentType()));
        }

        @Override
        protected void dropIndex(MongoCollection<Object> collection, String indexName) {
            super.dropIndex(collection, indexName);
            String name = getFullCollectionNamespace(collection.getCollectionName()) + "._index_" + indexName
                    + INDEX_SUFFIX;
            if (getMvStore().hasMap(name)) {
                getMvStore().removeMap(name);
            }
        }
    }

    /**
     * The stock collection measures every document it inserts, updates (old and new) or removes, by encoding it as
     * BSON, and stores the running total: a sixth of the stand-in's profile samples under batch ingestion. Only collStats and
     * validate read that total, so here it is summed when they ask, from the stored documents' sizes.
     * <p>
     * The stock collection also keeps each document under its {@code _id}. Ids such as message ids arrive in random
     * order, so every insert copied and dirtied a page somewhere in the tree. Under an insertion sequence only the last
     * pages change, and the {@code _id} index maps each id to its position: batch ingestion carried about 4 % more
     * events per second (bench/README.md).
     * <p>
     * Documents are held as {@link StoredDocument}s: decoded only when read themselves, encoded only when stored.
     */
    private final class SizedOnDemandCollection extends H2Collection {

        private final MVMap<Object, StoredDocument> data;
        private final AtomicLong next;

        /**
         * The stock collection is given the same map but only asks it for its size; every method that reads or
         * writes documents is overridden here to hold them as {@link StoredDocument}s.
         */
        @SuppressWarnings({ "unchecked", "rawtypes" })
        SizedOnDemandCollection(H2Database database, String name, CollectionOptions options,
                MVMap<Object, StoredDocument> data, MVMap<String, Object> meta, boolean sequenced) {
            super(database, name, options, (MVMap) data, meta, getCursorRegistry());
            this.data = data;
            this.next = sequenced ? new AtomicLong(data.isEmpty() ? 0 : ((Long) data.lastKey()) + 1) : null;
        }

        @Override
        protected Object addDocumentInternal(Document document) {
            StoredDocument stored = StoredDocument.written(document);
            if (next != null) {
                Long position = next.getAndIncrement();
                data.put(position, stored);
                return position;
            }
            Object key = getIdField() == null ? UUID.randomUUID() : Utils.getSubdocumentValue(document, getIdField());
            if (data.put(Missing.ofNullable(key), stored) != null) {
                throw new IllegalStateException("Document with key '" + key + "' already existed in " + this);
            }
            return key;
        }

        @Override
        protected Document getDocument(Object position) {
            StoredDocument stored = data.get(position);
            if (stored == null) {
                throw new NoSuchElementException("No document with key " + position);
            }
            return stored.document();
        }

        @Override
        protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
            data.put(Missing.ofNullable(position), StoredDocument.written(newDocument));
        }

        @Override
        protected void removeDocument(Object position) {
            if (data.remove(position) == null) {
                throw new NoSuchElementException("No document with key " + position);
            }
        }

        @Override
        protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int limit,
                int batchSize, Document fieldSelector) {
            SCANS.incrementAndGet();
            Stream<Document> documents = isNaturalDescending(orderBy)
                    ? streamAllDocumentsWithPosition()
                            .sorted((a, b) -> ValueComparator.desc().compare(a.getPosition(), b.getPosition()))
                            .map(DocumentWithPosition::getDocument)
                    : data.values().stream().map(StoredDocument::document);
            return matchDocumentsFromStream(documents, query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }

        /**
         * The positions of a query on string ids alone came from the unique id index, one per id (an {@code $in}'s
         * are deduplicated), so each document already matches: the stock collection matched each again, walking an
         * {@code $in}'s whole list for each one. Sorting, skipping, limits and projections apply as before.
         */
        @Override
        protected QueryResult matchDocuments(Document query, Iterable<Object> positions, Document orderBy,
                int numberToSkip, int limit, int batchSize, Document fieldSelector) {
            if (!onStringIdsAlone(query)) {
                return super.matchDocuments(query, positions, orderBy, numberToSkip, limit, batchSize, fieldSelector);
            }
            ID_LOOKUPS.incrementAndGet();
            Stream<Document> documents = StreamSupport.stream(positions.spliterator(), false).map(this::getDocument);
            // An empty query: every document matches it without a look.
            return matchDocumentsFromStream(documents, new Document(), orderBy, numberToSkip, limit, batchSize,
                    fieldSelector);
        }

        /**
         * An update of one document by its string id, or the insert of an upsert that finds none, goes to
         * {@link CopyOnWriteUpdate} when that can apply it, which copies only what changes; any other to the stock
         * engine.
         */
        @Override
        public synchronized Document updateDocuments(Document selector, Document update, ArrayFilters arrayFilters,
                boolean isMulti, boolean isUpsert, Oplog oplog) {
            Object id = !isMulti && arrayFilters.isEmpty() && onStringIdsAlone(selector)
                    && selector.get(ID) instanceof String one ? one : null;
            Object position = id == null ? null : positionOfId(id);
            Document current = position == null ? null : getDocument(position);
            CopyOnWriteUpdate.Outcome outcome = current != null ? CopyOnWriteUpdate.apply(current, update, false)
                    : id != null && isUpsert ? CopyOnWriteUpdate.apply(new Document(ID, id), update, true) : null;
            if (outcome == null) {
                return super.updateDocuments(selector, update, arrayFilters, isMulti, isUpsert, oplog);
            }
            COPY_ON_WRITE_UPDATES.incrementAndGet();
            if (current == null) {
                return upserted(outcome.document(), oplog);
            }
            Document updated = outcome.document();
            Utils.validateFieldNames(updated);
            if (updated != current) {
                for (Index<Object> index : getIndexes()) {
                    index.checkUpdate(current, updated, this);
                }
                for (Index<Object> index : getIndexes()) {
                    index.updateInPlace(current, updated, position, this);
                }
                handleUpdate(position, current, updated);
            }
            oplog.handleUpdate(getFullName(), selector, update,
                    outcome.modified() ? List.of(current.get(ID)) : List.of());
            return new Document("n", 1).append("nModified", outcome.modified() ? 1 : 0);
        }

        /** As the stock engine inserts an upsert's document and answers. */
        private Document upserted(Document inserted, Oplog oplog) {
            Utils.validateFieldNames(inserted);
            addDocument(inserted);
            oplog.handleInsert(getFullName(), List.of(inserted));
            return new Document("upserted", inserted.get(ID)).append("n", 0).append("nModified", 0);
        }

        /** The position of the document with this id, from the {@code _id} index; null when there is none. */
        private Object positionOfId(Object id) {
            for (Index<Object> index : getIndexes()) {
                if (index instanceof KeyedIndex keyed && keyed.onId) {
                    return keyed.positionOfId(id);
                }
            }
            return null;
        }

        private boolean onStringIdsAlone(Document query) {
            if (query.size() != 1 || !ID.equals(getIdField())) {
                return false;
            }
            Object value = query.get(ID);
            if (value instanceof String) {
                return true;
            }
            if (!(value instanceof Document condition) || condition.size() != 1
                    || !(condition.get("$in") instanceof Collection<?> ids)) {
                return false;
            }
            for (Object id : ids) {
                if (!(id instanceof String)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        protected boolean tracksDataSize() {
            return false;
        }

        @Override
        protected Stream<DocumentWithPosition<Object>> streamAllDocumentsWithPosition() {
            FULL_READS.incrementAndGet();
            return data.entrySet().stream()
                    .map(entry -> new DocumentWithPosition<>(entry.getValue().document(), entry.getKey()));
        }

        /** Zero while the stock constructor runs (it logs the size it stored): measuring there would read every file. */
        @Override
        protected int getDataSize() {
            if (data == null) {
                return 0;
            }
            long size = 0;
            for (StoredDocument document : data.values()) {
                size += document.bson().length;
            }
            return (int) Math.min(Integer.MAX_VALUE, size);
        }
    }

    /** A secondary index, as the stock backend has it (no entries, queries matched), that never needs building. */
    static final class MatchedIndex extends EmptyIndex<Object> {

        MatchedIndex(String name, List<IndexKey> keys) {
            super(name, keys);
        }

        @Override
        public boolean isEmpty() {
            return false;
        }
    }

    /**
     * The same unique index as the stock one, over a map whose keys compare as values. An index on {@code _id} alone
     * (every collection's, and most lookups') takes its key straight from the document: the stock index walks a
     * general path three times per insert (two checks and the put) and four times per update, and looks the key up
     * twice before putting it.
     */
    static final class KeyedIndex extends AbstractUniqueIndex<Object> {

        private final MVMap<KeyValue, Object> map;
        private final boolean onId;

        KeyedIndex(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
            super(name, keys, sparse);
            this.map = map;
            this.onId = IdBesideConditions.onIdAlone(keys, sparse);
        }

        /** The key as the stock index would normalise it, or null where its general path is needed (arrays). */
        private KeyValue idKey(Document document) {
            if (!onId) {
                return null;
            }
            Object id = document.getOrMissing(ID);
            return id instanceof Collection<?> ? null : new KeyValue(id).normalized();
        }

        @Override
        public synchronized void checkAdd(Document document, MongoCollection<Object> collection) {
            KeyValue key = idKey(document);
            if (key == null) {
                super.checkAdd(document, collection);
            } else if (containsKey(key)) {
                throw duplicate(document, collection);
            }
        }

        /** An update that keeps the document's key (any update: MongoDB refuses to change an _id) has nothing to check. */
        @Override
        public synchronized void checkUpdate(Document old, Document updated, MongoCollection<Object> collection) {
            if (!sameId(old, updated)) {
                super.checkUpdate(old, updated, collection);
            }
        }

        @Override
        public void updateInPlace(Document old, Document updated, Object position, MongoCollection<Object> collection) {
            if (!sameId(old, updated)) {
                super.updateInPlace(old, updated, position, collection);
            }
        }

        /** Also answers a query naming one string id beside other conditions ({@link IdBesideConditions}). */
        @Override
        public synchronized boolean canHandle(Document query) {
            return onId && IdBesideConditions.idOf(query) != null || super.canHandle(query);
        }

        @Override
        public synchronized Iterable<Object> getPositions(Document query) {
            String id = onId ? IdBesideConditions.idOf(query) : null;
            return super.getPositions(id == null ? query : IdBesideConditions.byId(id));
        }

        /** The position of the document with this id, or null: for an index on {@code _id} alone. */
        Object positionOfId(Object id) {
            return map.get(new KeyValue(id).normalized());
        }

        private boolean sameId(Document old, Document updated) {
            KeyValue key = idKey(old);
            return key != null && key.equals(idKey(updated));
        }

        /** The put itself tells a duplicate, and leaves the index unchanged when it is one. */
        @Override
        public synchronized void add(Document document, Object position, MongoCollection<Object> collection) {
            KeyValue key = idKey(document);
            if (key == null) {
                super.add(document, position, collection);
            } else if (!putKeyPosition(key, position)) {
                throw duplicate(document, collection);
            }
        }

        private DuplicateKeyError duplicate(Document document, MongoCollection<Object> collection) {
            return new DuplicateKeyError(this, collection, getKeys(), new KeyValue(document.getOrMissing(ID)));
        }

        @Override
        protected Object removeDocument(KeyValue key) {
            return map.remove(key);
        }

        @Override
        protected boolean putKeyPosition(KeyValue key, Object position) {
            return map.putIfAbsent(key, Missing.ofNullable(position)) == null;
        }

        @Override
        protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
            return map.entrySet();
        }

        @Override
        protected Object getPosition(KeyValue key) {
            return map.get(key);
        }

        @Override
        public long getCount() {
            return map.sizeAsLong();
        }

        @Override
        public boolean isEmpty() {
            return map.isEmpty();
        }

        @Override
        public long getDataSize() {
            return getCount();
        }
    }

    /** Keys stored, sized and read back as H2 stores plain objects (so files stay compatible); only the order differs. */
    abstract static class StoredAsObject<T> extends BasicDataType<T> {

        private final ObjectDataType storage = new ObjectDataType();

        @Override
        public int getMemory(T key) {
            return storage.getMemory(key);
        }

        @Override
        public void write(WriteBuffer buffer, T key) {
            storage.write(buffer, key);
        }

        @Override
        @SuppressWarnings("unchecked")
        public T read(ByteBuffer buffer) {
            return (T) storage.read(buffer);
        }

        final int compareStored(Object a, Object b) {
            return storage.compare(a, b);
        }
    }

    /**
     * A collection's document keys: sequence numbers, or the {@code _id}s of system collections and older files. Two
     * strings or two longs compare directly: H2's own comparison looks the type up again for every comparison, which
     * showed in profiles. The order is H2's (it too compares two strings with String.compareTo), so existing files
     * stay valid.
     */
    static final class IdType extends StoredAsObject<Object> {

        @Override
        public int compare(Object a, Object b) {
            if (a instanceof Long x && b instanceof Long y) {
                return Long.compare(x, y);
            }
            return a instanceof String x && b instanceof String y ? x.compareTo(y) : compareStored(a, b);
        }

        @Override
        public Object[] createStorage(int size) {
            return new Object[size];
        }
    }

    /**
     * Index keys ordered element by element in MongoDB's value order (the keys are normalised by the index, so equal
     * keys compare as 0). Keys made only of strings (most are string ids) are stored as their strings behind a marker
     * byte: H2 Java-serialises any other object each time its page is written, a fifth of the stand-in's CPU under
     * batch load. Other keys, and keys in files written before, keep H2's object format.
     */
    static final class KeyValueType extends StoredAsObject<KeyValue> {

        private static final ValueComparator ORDER = ValueComparator.asc();
        /** H2's object format starts with a type tag below 0x80 ({@link BsonDocumentType} uses 0xFF for documents). */
        private static final byte STRINGS = (byte) 0xFE;

        @Override
        public int getMemory(KeyValue key) {
            if (!onlyStrings(key)) {
                return super.getMemory(key);
            }
            int memory = 32;
            for (Object value : key) {
                memory += 40 + 2 * ((String) value).length();
            }
            return memory;
        }

        @Override
        public void write(WriteBuffer buffer, KeyValue key) {
            if (!onlyStrings(key)) {
                super.write(buffer, key);
                return;
            }
            buffer.put(STRINGS).putVarInt(key.size());
            for (Object value : key) {
                String string = (String) value;
                buffer.putVarInt(string.length()).putStringData(string, string.length());
            }
        }

        @Override
        public KeyValue read(ByteBuffer buffer) {
            if (buffer.get(buffer.position()) != STRINGS) {
                return super.read(buffer);
            }
            buffer.get();
            Object[] values = new Object[DataUtils.readVarInt(buffer)];
            for (int i = 0; i < values.length; i++) {
                values[i] = DataUtils.readString(buffer, DataUtils.readVarInt(buffer));
            }
            return new KeyValue(values);
        }

        private static boolean onlyStrings(KeyValue key) {
            for (Object value : key) {
                if (!(value instanceof String)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int compare(KeyValue a, KeyValue b) {
            int size = Math.min(a.size(), b.size());
            for (int i = 0; i < size; i++) {
                // Two strings order as the server orders them (String.compareTo), without its type-order lookups,
                // which were a fifth of the stand-in's CPU: most keys are string ids.
                int order = a.get(i) instanceof String x && b.get(i) instanceof String y ? x.compareTo(y)
                        : ORDER.compare(a.get(i), b.get(i));
                if (order != 0) {
                    return order;
                }
            }
            return Integer.compare(a.size(), b.size());
        }

        @Override
        public KeyValue[] createStorage(int size) {
            return new KeyValue[size];
        }
    }
}
