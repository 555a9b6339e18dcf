package dev.uptake.kit.mongo;

import java.util.List;

import com.mongodb.client.model.Filters;

import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Multi;

/**
 * Documents by {@code _id}, in concurrent queries of at most {@value #IDS_PER_QUERY} ids. The stock Mongo stand-in
 * checks every candidate against every value of an {@code $in}, so one query of n ids costs it n²: a third of its CPU
 * under scoring's load, and 5.7 s for ingestion to recognise a retried batch of 7,500 events. The run command's
 * stand-in on files no longer does (it answers string ids from its index alone), but the in-memory one the tests and
 * {@code UPTAKE_MONGO_STORAGE=memory} use still does. A real MongoDB answers either shape from the index.
 */
public final class IdLookups {

    public static final int IDS_PER_QUERY = 100;

    private IdLookups() {
    }

    /** The documents that exist among {@code ids}, in no particular order; {@code options} may project them. */
    public static <T> Multi<T> byIds(ReactiveMongoCollection<T> collection, List<String> ids, FindOptions options) {
        return Multi.createFrom().range(0, queryCount(ids)).onItem()
                .transformToMultiAndMerge(query -> collection.find(Filters.in("_id", chunk(ids, query)), options));
    }

    /**
     * As {@link #byIds(ReactiveMongoCollection, List, FindOptions)}, with at most {@code concurrency} queries in
     * flight. For long streams: each query's answer arrives whole, so with hundreds in flight a tenant-wide read held
     * tens of thousands of decoded documents at once, whatever the consumer had got through.
     */
    public static <T> Multi<T> byIds(ReactiveMongoCollection<T> collection, List<String> ids, FindOptions options,
            int concurrency) {
        return Multi.createFrom().range(0, queryCount(ids)).onItem()
                .transformToMulti(query -> collection.find(Filters.in("_id", chunk(ids, query)), options))
                .merge(concurrency);
    }

    private static int queryCount(List<String> ids) {
        return (ids.size() + IDS_PER_QUERY - 1) / IDS_PER_QUERY;
    }

    private static List<String> chunk(List<String> ids, int query) {
        return ids.subList(query * IDS_PER_QUERY, Math.min(ids.size(), (query + 1) * IDS_PER_QUERY));
    }
}
