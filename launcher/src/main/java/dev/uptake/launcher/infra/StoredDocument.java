package dev.uptake.launcher.infra;

import java.util.concurrent.atomic.AtomicLong;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A document as the stand-in's H2 pages hold it: its BSON, encoded once when it is written and decoded only when the
 * document itself is read. H2 reads and writes whole pages of about forty documents; holding decoded documents, every
 * page read decoded all of them and every page write encoded all of them again, for the one or two a lookup by id
 * wanted or an update changed (bench/README.md).
 */
final class StoredDocument {

    /** Documents decoded so far, for the tests: static, as pages are read from many places. */
    private static final AtomicLong DECODED = new AtomicLong();

    private final byte[] bson;

    StoredDocument(byte[] bson) {
        this.bson = bson;
    }

    static StoredDocument of(Document document) {
        ByteBuf buffer = Unpooled.buffer(256);
        try {
            BsonEncoder.encodeDocument(document, buffer);
            byte[] bson = new byte[buffer.readableBytes()];
            buffer.readBytes(bson);
            return new StoredDocument(bson);
        } finally {
            buffer.release();
        }
    }

    static long decoded() {
        return DECODED.get();
    }

    /** A fresh copy on every call: callers may change it without touching what is stored. */
    Document document() {
        DECODED.incrementAndGet();
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
    }

    byte[] bson() {
        return bson;
    }

    int size() {
        return bson.length;
    }
}
