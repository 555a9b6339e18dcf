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
        type.write(buffer, StoredDocument.written(document));
        type.write(buffer, StoredDocument.written(new Document("_id", "t/2")));

        ByteBuffer written = buffer.getBuffer().flip();
        assertThat(written.get(0)).isEqualTo((byte) 0xFF);
        assertThat(type.read(written).document()).isEqualTo(document);
        assertThat(type.read(written).document()).isEqualTo(new Document("_id", "t/2"));
        assertThat(written.hasRemaining()).isFalse();
    }

    @Test
    void shouldReadDocumentsTheStockBackendJavaSerialised() {
        Document document = new Document("_id", "t/old").append("n", 3);
        WriteBuffer buffer = new WriteBuffer();
        new ObjectDataType().write(buffer, document);
        type.write(buffer, StoredDocument.written(new Document("_id", "t/new")));

        ByteBuffer written = buffer.getBuffer().flip();
        assertThat(type.read(written).document()).isEqualTo(document);
        assertThat(type.read(written).document()).isEqualTo(new Document("_id", "t/new"));
    }

    @Test
    void shouldReadAPageWithoutDecodingItsDocumentsAndHoldNoneItDecodes() {
        WriteBuffer buffer = new WriteBuffer();
        for (int i = 0; i < 40; i++) {
            type.write(buffer, StoredDocument.written(new Document("_id", "t/" + i).append("n", i)));
        }
        ByteBuffer written = buffer.getBuffer().flip();
        long before = StoredDocument.decoded();
        StoredDocument[] page = new StoredDocument[40];
        for (int i = 0; i < page.length; i++) {
            page[i] = type.read(written);
        }
        assertThat(StoredDocument.decoded()).isEqualTo(before);

        Document first = page[7].document();
        first.put("n", 99);

        assertThat(page[7].document()).isEqualTo(new Document("_id", "t/7").append("n", 7)).isNotSameAs(first);
        assertThat(StoredDocument.decoded()).isEqualTo(before + 2);
        assertThat(type.getMemory(page[7])).isLessThan(100);
        WriteBuffer again = new WriteBuffer();
        type.write(again, page[3]);
        assertThat(StoredDocument.decoded()).isEqualTo(before + 2);
        assertThat(type.read(again.getBuffer().flip()).document()).isEqualTo(new Document("_id", "t/3").append("n", 3));
    }

    @Test
    void shouldHandOutAWrittenDocumentUntilItsPageIsStoredAndThenDecodeItFromItsBytes() {
        Document document = new Document("_id", "t/1").append("n", 1);
        StoredDocument stored = StoredDocument.written(document);
        assertThat(stored.document()).isSameAs(document);
        assertThat(type.getMemory(stored)).isGreaterThan(100);

        type.write(new WriteBuffer(), stored);
        long before = StoredDocument.decoded();

        assertThat(stored.document()).isEqualTo(document).isNotSameAs(document);
        assertThat(StoredDocument.decoded()).isEqualTo(before + 1);
        assertThat(type.getMemory(stored)).isLessThan(100);
    }
}
