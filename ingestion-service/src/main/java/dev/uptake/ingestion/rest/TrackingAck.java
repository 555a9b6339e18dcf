package dev.uptake.ingestion.rest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.uptake.ingestion.service.IngestResult;

/** Segment's success answer, plus what a batch accepted and refused. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "TrackingAck")
public record TrackingAck(
        @Schema(example = "true") boolean success,
        @Schema(description = "Events accepted by this request (batch only)", example = "99") Integer accepted,
        @Schema(description = "Events whose messageId was already accepted (batch only)", example = "0") Integer duplicates,
        @Schema(description = "Batch items refused, with the reason; the others were accepted") List<Rejected> rejected) {

    public record Rejected(@Schema(example = "3") int index, @Schema(example = "m-123") String messageId,
            @Schema(example = "userId or anonymousId is required") String reason) {
    }

    static TrackingAck single() {
        return new TrackingAck(true, null, null, null);
    }

    static TrackingAck batch(IngestResult result) {
        List<Rejected> rejected = result.rejected().stream()
                .map(r -> new Rejected(r.index(), r.messageId(), r.reason())).toList();
        return new TrackingAck(true, result.accepted(), result.duplicates(), rejected.isEmpty() ? null : rejected);
    }
}
