package dev.uptake.launcher.infra;

import java.nio.ByteBuffer;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

import de.bwaldvogel.mongo.bson.Document;

/**
 * Stores a collection's documents as BSON ({@link StoredDocument}), copied to and from pages as bytes. The stock
 * backend Java-serialises every document each time its page is written, which was a third of the stand-in's CPU under
 * load. A leading marker byte, which H2's own object format never starts with, tells BSON apart, so documents written
 * by the stock backend stay readable and are rewritten as BSON when their page is next stored.
 */
final class BsonDocumentType extends BasicDataType<StoredDocument> {

    /** H2's object format starts with a type tag below 0x80. */
    private static final byte BSON = (byte) 0xFF;

    private final ObjectDataType legacy = new ObjectDataType();
    /** A document not yet encoded is sized from the documents last stored, as H2 does for serialised objects. */
    private volatile int averageSize = 1024;

    @Override
    public int getMemory(StoredDocument document) {
        int size = document.knownSize();
        return size < 0 ? averageSize : size;
    }

    @Override
    public void write(WriteBuffer buffer, StoredDocument document) {
        byte[] bson = document.bson();
        buffer.put(BSON).putVarInt(bson.length).put(bson);
        averageSize = (averageSize * 15 + bson.length * 2) / 16;
    }

    @Override
    public StoredDocument read(ByteBuffer buffer) {
        if (buffer.get(buffer.position()) != BSON) {
            return StoredDocument.written((Document) legacy.read(buffer));
        }
        buffer.get();
        byte[] bson = new byte[DataUtils.readVarInt(buffer)];
        buffer.get(bson);
        return StoredDocument.read(bson);
    }

    @Override
    public StoredDocument[] createStorage(int size) {
        return new StoredDocument[size];
    }
}
