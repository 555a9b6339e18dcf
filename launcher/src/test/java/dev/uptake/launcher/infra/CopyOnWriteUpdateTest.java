package dev.uptake.launcher.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import de.bwaldvogel.mongo.bson.Document;

class CopyOnWriteUpdateTest {

    private static Document stored() {
        return new Document("_id", "t/1").append("a", new Document("x", 1)).append("b", new Document("y", List.of(1, 2)))
                .append("c", 5);
    }

    @Test
    void shouldLeaveTheDocumentItIsGivenAsItWasAndShareWhatTheUpdateDoesNotTouch() {
        Document document = stored();

        CopyOnWriteUpdate.Outcome outcome = CopyOnWriteUpdate.apply(document,
                new Document("$inc", new Document("a.x", 2).append("c", 1)).append("$set", new Document("d.e", "new")),
                false);

        assertThat(document).isEqualTo(stored());
        assertThat(outcome.modified()).isTrue();
        Document updated = outcome.document();
        assertThat(updated).isEqualTo(new Document("_id", "t/1").append("a", new Document("x", 3))
                .append("b", new Document("y", List.of(1, 2))).append("c", 6).append("d", new Document("e", "new")));
        assertThat(updated.get("b")).isSameAs(document.get("b"));
        assertThat(updated.get("a")).isNotSameAs(document.get("a"));
    }

    @Test
    void shouldHandBackTheSameDocumentWhenNothingChanges() {
        Document document = stored();

        CopyOnWriteUpdate.Outcome outcome = CopyOnWriteUpdate.apply(document, new Document("$max", new Document("c", 1))
                .append("$setOnInsert", new Document("z", 1)).append("$set", new Document("a.x", 1.0)), false);

        assertThat(outcome.document()).isSameAs(document);
        assertThat(outcome.modified()).isFalse();
    }

    @Test
    void shouldCountANumberOfAnotherTypeAsStoredButNotModifiedAsTheStockEngineDoes() {
        Document document = stored();

        CopyOnWriteUpdate.Outcome outcome = CopyOnWriteUpdate.apply(document, new Document("$inc", new Document("c", 0L)),
                false);

        assertThat(outcome.document().get("c")).isEqualTo(5L);
        assertThat(outcome.modified()).isFalse();
    }

    @Test
    void shouldSetOnInsertOnlyTheDocumentAnUpsertInserts() {
        Document update = new Document("$setOnInsert", new Document("tenantId", "acme")).append("$inc",
                new Document("n", 1));

        Document inserted = CopyOnWriteUpdate.apply(new Document("_id", "t/9"), update, true).document();
        Document updated = CopyOnWriteUpdate.apply(new Document("_id", "t/9").append("n", 4), update, false).document();

        assertThat(inserted).isEqualTo(new Document("_id", "t/9").append("tenantId", "acme").append("n", 1));
        assertThat(updated).isEqualTo(new Document("_id", "t/9").append("n", 5));
    }

    @Test
    void shouldLeaveToTheStockEngineWhatItDoesNotApplyItself() {
        List<Document> updates = List.of(new Document("$unset", new Document("c", "")),
                new Document("$set", new Document("b.y.0", 7)),
                new Document("$set", new Document("c.z", 7)),
                new Document("$set", new Document("a", 1)).append("$inc", new Document("a.x", 1)),
                new Document("$inc", new Document("c", "x")),
                new Document("$set", new Document("_id", "t/2")),
                new Document("$set", new Document("a.$[i]", 1)),
                new Document("c", 7),
                new Document("$push", new Document("b.y", new Document("$each", List.of(3)).append("$position", 0))),
                new Document("$min", new Document("b.y", List.of(0))));

        assertThat(updates).allSatisfy(update -> assertThat(CopyOnWriteUpdate.apply(stored(), update, false)).isNull());
    }
}
