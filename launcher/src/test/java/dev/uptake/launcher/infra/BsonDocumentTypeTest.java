package dev.uptake.launcher.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;

import de.bwaldvogel.mongo.bson.Document;

class BsonDocumentTypeTest {

    private final BsonDocumentType type = new BsonDocumentType();

    @Test
    void shouldWriteBsonBehindAMarkerAndReadItBack() {
        Document document = new Document("_id", "t/1").append("when", Instant.ofEpochMilli(1_790_000_000_000L))
                .append("rows", List.of(1, 2)).append("context", new Document("groupId", "acme"));
        WriteBuffer buffer = new WriteBuffer();
        type.write(buffer, document);
        type.write(buffer, new Document("_id", "t/2"));

        ByteBuffer written = buffer.getBuffer().flip();
        assertThat(written.get(0)).isEqualTo((byte) 0xFF);
        assertThat(type.read(written)).isEqualTo(document);
        assertThat(type.read(written)).isEqualTo(new Document("_id", "t/2"));
        assertThat(written.hasRemaining()).isFalse();
    }

    @Test
    void shouldReadDocumentsTheStockBackendJavaSerialised() {
        Document document = new Document("_id", "t/old").append("n", 3);
        WriteBuffer buffer = new WriteBuffer();
        new ObjectDataType().write(buffer, document);
        type.write(buffer, new Document("_id", "t/new"));

        ByteBuffer written = buffer.getBuffer().flip();
        assertThat(type.read(written)).isEqualTo(document);
        assertThat(type.read(written)).isEqualTo(new Document("_id", "t/new"));
    }
}
