package dev.uptake.scoring.repository;

import java.util.Map;

import org.bson.BsonBinaryReader;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.Decoder;
import org.bson.codecs.DecoderContext;

/**
 * Documents read for a micro-batch, kept as their BSON bytes and decoded one at a time, when asked for. Decoded all at
 * once, a batch's thousands of documents were the largest thing it held (about half of what was live in a drain), and
 * they outlived the young collections into the old generation, which then filled every second or so.
 */
public final class CompactDocuments {

    private static final DecoderContext DECODING = DecoderContext.builder().build();

    private final Map<String, RawBsonDocument> byId;
    private final Decoder<Document> decoder;

    CompactDocuments(Map<String, RawBsonDocument> byId, Decoder<Document> decoder) {
        this.byId = byId;
        this.decoder = decoder;
    }

    /** The document with this id, decoded anew on each call; null when there is none. */
    public Document get(String id) {
        RawBsonDocument raw = byId.get(id);
        if (raw == null) {
            return null;
        }
        try (BsonBinaryReader reader = new BsonBinaryReader(raw.getByteBuffer().asNIO())) {
            return decoder.decode(reader, DECODING);
        }
    }

    public int size() {
        return byId.size();
    }
}
