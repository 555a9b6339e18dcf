package dev.uptake.launcher.infra;

import java.util.concurrent.atomic.AtomicLong;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A document as the stand-in's H2 pages hold it: read from a page, its BSON, decoded anew each time the document is
 * asked for; written, the document, encoded when its page is stored and then let go. H2 reads and writes whole pages
 * of about forty documents: holding decoded documents, every page read decoded all of them for the one or two a
 * lookup by id wanted, and every page write encoded all of them again for the one an update changed. Holding the
 * decoded form beside the bytes as well kept both alive for as long as the page stayed cached: let go, the stand-in's
 * collections took a quarter less time in a scoring drain (bench/RESULTS.md).
 * <p>
 * A document read is the caller's own copy. A written one is handed out as held until its page is stored, as the
 * stock backend does (callers copy before they change it).
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
        Document held = document;
        if (held != null) {
            return held;
        }
        DECODED.incrementAndGet();
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
    }

    byte[] bson() {
        byte[] encoded = bson;
        if (encoded != null) {
            return encoded;
        }
        Document held = document;
        if (held == null) {
            // Another thread encoded it meanwhile: it sets the bytes before it lets go of the document.
            return bson;
        }
        ByteBuf buffer = Unpooled.buffer(256);
        try {
            BsonEncoder.encodeDocument(held, buffer);
            encoded = new byte[buffer.readableBytes()];
            buffer.readBytes(encoded);
        } finally {
            buffer.release();
        }
        bson = encoded;
        document = null;
        return encoded;
    }

    /** The encoded size if known, else -1: asking must not encode a document H2 has not yet stored. */
    int knownSize() {
        byte[] encoded = bson;
        return encoded == null ? -1 : encoded.length;
    }
}
