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
    /** What a stored document costs the heap beyond its bytes: the object and the array's headers. */
    private static final int OVERHEAD = 32;

    private final ObjectDataType legacy = new ObjectDataType();

    @Override
    public int getMemory(StoredDocument document) {
        return OVERHEAD + document.size();
    }

    @Override
    public void write(WriteBuffer buffer, StoredDocument document) {
        buffer.put(BSON).putVarInt(document.size()).put(document.bson());
    }

    @Override
    public StoredDocument read(ByteBuffer buffer) {
        if (buffer.get(buffer.position()) != BSON) {
            return StoredDocument.of((Document) legacy.read(buffer));
        }
        buffer.get();
        byte[] bson = new byte[DataUtils.readVarInt(buffer)];
        buffer.get(bson);
        return new StoredDocument(bson);
    }

    @Override
    public StoredDocument[] createStorage(int size) {
        return new StoredDocument[size];
    }
}
