package dev.uptake.ingestion.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.uptake.contracts.EventType;
import dev.uptake.kit.problem.Problem;
import dev.uptake.kit.problem.ProblemException;
import dev.uptake.kit.reactive.RunToEnd;
import io.smallrye.mutiny.Uni;

/** Reads single and batch tracking calls, applies the limits, and hands the normalised events to ingestion. */
@ApplicationScoped
public class TrackingCalls {

    private final RequestBodyReader reader;
    private final EventNormalizer normalizer;
    private final IngestionService ingestion;
    private final AdmissionGate gate;

    public TrackingCalls(RequestBodyReader reader, EventNormalizer normalizer, IngestionService ingestion,
            AdmissionGate gate) {
        this.reader = reader;
        this.normalizer = normalizer;
        this.ingestion = ingestion;
        this.gate = gate;
    }

    /** A single call: any invalid field fails the whole request with 400. */
    public Uni<IngestResult> single(String tenantId, EventType type, byte[] body, String contentType,
            String contentEncoding) {
        return counted(tenantId, () -> readSingle(tenantId, type, body, contentType, contentEncoding));
    }

    /** A batch: invalid items are rejected one by one and listed; the valid ones are accepted. */
    public Uni<IngestResult> batch(String tenantId, byte[] body, String contentType, String contentEncoding) {
        return counted(tenantId, () -> readBatch(tenantId, body, contentType, contentEncoding));
    }

    /**
     * A whole request refused while it is read (or because the replica is overloaded) is counted by reason, then
     * answered as the problem it is. One admitted runs to its end even if its caller hangs up (a client's or the
     * gateway's timeout): cut short between the claim and the archive, an event Kafka had taken stayed unarchived
     * under a pending claim, and the client's retry published it a second time once that claim went stale.
     */
    private Uni<IngestResult> counted(String tenantId, java.util.function.Supplier<Uni<IngestResult>> read) {
        try {
            return RunToEnd.of(gate.admit(read));
        } catch (ProblemException refused) {
            ingestion.countRefusedRequest(tenantId, refused.slug());
            throw refused;
        }
    }

    private Uni<IngestResult> readSingle(String tenantId, EventType type, byte[] body, String contentType,
            String contentEncoding) {
        JsonNode call = reader.readObject(body, contentType, contentEncoding);
        reader.checkEventLimits(call, "the event");
        Normalized normalized = normalizer.normalize(tenantId, call, type, null, null, ingestion.now());
        if (normalized instanceof Normalized.Rejected rejected) {
            throw new ProblemException(400, "invalid-event", "Invalid event", rejected.reason(),
                    List.of(new Problem.FieldError(rejected.field(), rejected.reason())), java.util.Map.of());
        }
        return ingestion.ingest(tenantId, List.of(normalized));
    }

    private Uni<IngestResult> readBatch(String tenantId, byte[] body, String contentType, String contentEncoding) {
        JsonNode request = reader.readObject(body, contentType, contentEncoding);
        JsonNode batch = request.get("batch");
        if (batch == null || !batch.isArray()) {
            throw ProblemException.badRequest("invalid-batch", "Invalid batch", "The body needs a \"batch\" array.");
        }
        if (batch.isEmpty()) {
            throw ProblemException.badRequest("invalid-batch", "Invalid batch", "The batch is empty.");
        }
        JsonNode context = request.get("context");
        ObjectNode sharedContext = context != null && context.isObject() ? (ObjectNode) context : null;
        JsonNode sentAt = request.get("sentAt");
        Instant receivedAt = ingestion.now();
        List<Normalized> calls = new ArrayList<>(batch.size());
        for (int index = 0; index < batch.size(); index++) {
            JsonNode item = batch.get(index);
            String name = "batch[" + index + "]" + messageIdSuffix(item);
            if (!item.isObject()) {
                calls.add(new Normalized.Rejected(null, "type", "batch items must be objects"));
                continue;
            }
            reader.checkEventLimits(item, name);
            EventType type = EventNormalizer.typeOf(item.path("type").asText(null));
            calls.add(type == null
                    ? new Normalized.Rejected(item.path("messageId").asText(null), "type",
                            "type must be one of track, identify, group, page, screen, alias")
                    : normalizer.normalize(tenantId, item, type, sharedContext, sentAt, receivedAt));
        }
        return ingestion.ingest(tenantId, calls);
    }

    private static String messageIdSuffix(JsonNode item) {
        JsonNode messageId = item.get("messageId");
        return messageId != null && messageId.isTextual() ? " (messageId " + messageId.asText() + ")" : "";
    }
}
