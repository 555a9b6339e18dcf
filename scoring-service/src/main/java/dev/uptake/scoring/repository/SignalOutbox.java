package dev.uptake.scoring.repository;

import java.util.Date;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Sorts;

import dev.uptake.contracts.Signal;
import dev.uptake.contracts.SubjectType;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;

/**
 * Signals waiting to be published. They are written before the rollups that imply them, keyed by their deterministic
 * id, so a crash between the two writes neither loses a signal nor records one twice.
 */
@ApplicationScoped
public class SignalOutbox {

    private static final int DUPLICATE_KEY = 11000;

    private final ReactiveMongoCollection<Document> outbox;

    public SignalOutbox(ReactiveMongoClient mongo, @ConfigProperty(name = "uptake.mongodb.database") String database) {
        this.outbox = mongo.getDatabase(database).getCollection("signal_outbox");
    }

    public Uni<Void> add(List<Signal> signals) {
        if (signals.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Document> documents = signals.stream().map(SignalOutbox::toDocument).toList();
        return outbox.insertMany(documents, new InsertManyOptions().ordered(false)).replaceWithVoid()
                .onFailure(MongoBulkWriteException.class).recoverWithUni(failure -> {
                    boolean onlyDuplicates = ((MongoBulkWriteException) failure).getWriteErrors().stream()
                            .allMatch(error -> error.getCode() == DUPLICATE_KEY);
                    return onlyDuplicates ? Uni.createFrom().voidItem() : Uni.createFrom().failure(failure);
                });
    }

    public Uni<List<Signal>> pending(int limit) {
        return outbox.find(new Document(), new FindOptions().sort(Sorts.ascending("at")).limit(limit)).collect().asList()
                .map(documents -> documents.stream().map(SignalOutbox::fromDocument).toList());
    }

    public Uni<Void> remove(List<Signal> published) {
        if (published.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return outbox.deleteMany(Filters.in("_id", published.stream().map(Signal::signalId).toList())).replaceWithVoid();
    }

    private static Document toDocument(Signal signal) {
        return new Document("_id", signal.signalId()).append("tenantId", signal.tenantId())
                .append("subjectType", signal.subjectType().name()).append("subjectId", signal.subjectId())
                .append("kind", signal.kind()).append("from", signal.from()).append("to", signal.to())
                .append("at", Date.from(signal.at())).append("historical", signal.historical());
    }

    private static Signal fromDocument(Document document) {
        return new Signal(Signal.SCHEMA_VERSION, document.getString("_id"), document.getString("tenantId"),
                SubjectType.valueOf(document.getString("subjectType")), document.getString("subjectId"),
                document.getString("kind"), document.getString("from"), document.getString("to"),
                document.getDate("at").toInstant(), document.getBoolean("historical", false));
    }
}
