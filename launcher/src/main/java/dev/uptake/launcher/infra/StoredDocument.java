package dev.uptake.launcher.infra;

import java.util.concurrent.atomic.AtomicLong;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A document as the stand-in's H2 pages hold it: read from a page, its BSON, decoded only when the document itself is
 * asked for; written, the document, encoded only when its page is stored. H2 reads and writes whole pages of about
 * forty documents: holding decoded documents, every page read decoded all of them for the one or two a lookup by id
 * wanted, and every page write encoded all of them again for the one an update changed.
 * <p>
 * As with the stock backend, the document handed out is the one held (callers copy before they change it), and both
 * forms are computed at most once; two threads racing compute the same value.
 */
final class StoredDocument {

    /** Documents decoded so far, for the tests: static, as pages are read from many places. */
    private static final AtomicLong DECODED = new AtomicLong();

    private volatile byte[] bson;
    private volatile Document document;

    private StoredDocument(byte[] bson, Document document) {
        this.bson = bson;
        this.document = document;
    }

    static StoredDocument read(byte[] bson) {
        return new StoredDocument(bson, null);
    }

    static StoredDocument written(Document document) {
        return new StoredDocument(null, document);
    }

    static long decoded() {
        return DECODED.get();
    }

    Document document() {
        Document decoded = document;
        if (decoded == null) {
            DECODED.incrementAndGet();
            decoded = BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
            document = decoded;
        }
        return decoded;
    }

    byte[] bson() {
        byte[] encoded = bson;
        if (encoded == null) {
            ByteBuf buffer = Unpooled.buffer(256);
            try {
                BsonEncoder.encodeDocument(document, buffer);
                encoded = new byte[buffer.readableBytes()];
                buffer.readBytes(encoded);
            } finally {
                buffer.release();
            }
            bson = encoded;
        }
        return encoded;
    }

    /** The encoded size if known, else -1: asking must not encode a document H2 has not yet stored. */
    int knownSize() {
        byte[] encoded = bson;
        return encoded == null ? -1 : encoded.length;
    }
}
