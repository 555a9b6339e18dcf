package dev.uptake.scoring.repository;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.Decoder;
import org.bson.conversions.Bson;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.WriteModel;

import dev.uptake.kit.mongo.IdLookups;
import dev.uptake.scoring.Feature;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** One collection keyed by {@link Ids}: the batch read by ids, the batch bulk write and simple tenant queries. */
public abstract class DocumentStore {

    /** Queries in flight for a streamed read by id: about what the stand-in's workers answer at once. */
    private static final int STREAM_QUERIES = 4;

    protected final ReactiveMongoCollection<Document> collection;
    private final ReactiveMongoCollection<RawBsonDocument> rawCollection;
    private final Decoder<Document> decoder;

    protected DocumentStore(ReactiveMongoClient mongo, String database, String name) {
        this.collection = mongo.getDatabase(database).getCollection(name);
        this.rawCollection = collection.withDocumentClass(RawBsonDocument.class);
        this.decoder = collection.getCodecRegistry().get(Document.class);
    }

    /** Every document of a micro-batch, in concurrent queries of a few ids each ({@link IdLookups}). */
    public Uni<Map<String, Document>> findAll(Collection<String> ids) {
        return findAll(ids, null);
    }

    /** As {@link #findAll(Collection)}, each document narrowed to {@code projection} (null: whole documents). */
    public Uni<Map<String, Document>> findAll(Collection<String> ids, Bson projection) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return IdLookups.byIds(collection, List.copyOf(ids), narrowedTo(projection)).collect()
                .asMap(document -> document.getString("_id"));
    }

    /**
     * As {@link #findAll(Collection, Bson)}, the documents kept as BSON bytes until each is asked for: for a micro-batch,
     * which works through its subjects one at a time.
     */
    public Uni<CompactDocuments> findCompact(Collection<String> ids, Bson projection) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(new CompactDocuments(Map.of(), decoder));
        }
        return IdLookups.byIds(rawCollection, List.copyOf(ids), narrowedTo(projection)).collect()
                .asMap(document -> document.getString("_id").getValue())
                .map(byId -> new CompactDocuments(byId, decoder));
    }

    private static FindOptions narrowedTo(Bson projection) {
        return projection == null ? new FindOptions() : new FindOptions().projection(projection);
    }

    /** One bulk write for every change of a micro-batch. */
    public Uni<Void> write(List<WriteModel<Document>> writes) {
        if (writes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return collection.bulkWrite(writes).replaceWithVoid();
    }

    public Uni<Document> find(String tenantId, String subjectId) {
        return collection.find(Filters.eq("_id", Ids.of(tenantId, subjectId))).collect().first();
    }

    public Uni<List<Document>> list(Bson filter, Bson sort, int limit) {
        FindOptions options = new FindOptions();
        if (sort != null) {
            options.sort(sort);
        }
        if (limit > 0) {
            options.limit(limit);
        }
        return collection.find(filter, options).collect().asList();
    }

    /**
     * Of the day documents among {@code ids} that exist, streamed: the {@code fields} named and, of the per-event
     * counters, only the {@code counters} named ({@link Feature.EventMatch#counterKey()}), as a day
     * document holds every event name's count and an analysis needs a few.
     */
    public Multi<Document> countersOf(List<String> ids, List<String> fields, List<String> counters) {
        List<String> included = new java.util.ArrayList<>(fields);
        for (String counter : counters) {
            included.add(counter.startsWith(Feature.EventMatch.BY_PROPERTY)
                    ? "evp." + Ids.field(counter.substring(Feature.EventMatch.BY_PROPERTY.length()))
                    : "ev." + Ids.field(counter));
        }
        return byIds(ids, included);
    }

    /**
     * Of the documents among {@code ids} that exist, streamed, each narrowed to {@code fields}; a few queries at a time,
     * so a long read holds little more than what its consumer is working on.
     */
    public Multi<Document> byIds(List<String> ids, List<String> fields) {
        return IdLookups.byIds(collection, ids,
                new FindOptions().projection(com.mongodb.client.model.Projections.include(fields)), STREAM_QUERIES);
    }

    /** A tenant's documents, narrowed to {@code fields}: the analyses that read every subject need only a few. */
    public Uni<List<Document>> ofTenant(String tenantId, List<String> fields) {
        return collection.find(Filters.eq("tenantId", tenantId),
                new FindOptions().projection(com.mongodb.client.model.Projections.include(fields))).collect().asList();
    }

    /**
     * The documents matching {@code filter}, narrowed to {@code projection}, as they arrive: for folding a long history
     * into a summary without holding every document (a year of a tenant's day documents does not fit a service heap).
     */
    public Multi<Document> stream(Bson filter, Bson projection) {
        return collection.find(filter, new FindOptions().projection(projection).batchSize(1000));
    }

    public Uni<Long> deleteMany(Bson filter) {
        return collection.deleteMany(filter).map(result -> result.getDeletedCount());
    }
}
