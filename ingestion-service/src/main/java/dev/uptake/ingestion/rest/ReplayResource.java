package dev.uptake.ingestion.rest;

import java.time.Instant;
import java.util.Date;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.bson.Document;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.uptake.ingestion.service.ReplayService;
import dev.uptake.kit.problem.Problem;
import dev.uptake.kit.security.Caller;
import io.smallrye.mutiny.Uni;

@Path("/v1/replays")
@Tag(name = "Replays", description = "Re-publish archived events, marked historical, for backfills after a model change")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "No valid key",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
public class ReplayResource {

    /** Which archived events to publish again: event time in [from, to), optionally one account. */
    public record ReplayRequest(@NotNull @Schema(example = "2026-01-01T00:00:00Z") Instant from,
            @NotNull @Schema(example = "2026-11-01T00:00:00Z") Instant to,
            @Size(min = 1, max = 256) @Schema(example = "acme") String accountId) {
    }

    /** A replay and how far it got. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Replay")
    public record ReplayView(@Schema(example = "5b0e1c2a-8f4d-4f7e-a1c3-2d9b8e7f6a5b") String id, Instant from,
            Instant to, @Schema(example = "acme") String accountId,
            @Schema(example = "completed", enumeration = { "running", "completed" }) String status,
            @Schema(description = "Events published again so far", example = "1200") long published,
            Instant createdAt, Instant completedAt) {

        static ReplayView from(Document document) {
            return new ReplayView(document.getString("_id"), instant(document.getDate("from")),
                    instant(document.getDate("to")), document.getString("accountId"), document.getString("status"),
                    ((Number) document.get("published")).longValue(), instant(document.getDate("createdAt")),
                    instant(document.getDate("completedAt")));
        }

        private static Instant instant(Date date) {
            return date == null ? null : date.toInstant();
        }
    }

    private final ReplayService replays;
    private final Caller caller;

    public ReplayResource(ReplayService replays, Caller caller) {
        this.replays = replays;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a replay", description = "Archived events whose timestamp is in [from, to) are published again, historical, in their original order and with their original position, so consumers never count them twice.")
    @APIResponse(responseCode = "202", description = "Started; follow Location for progress",
            content = @Content(schema = @Schema(implementation = ReplayView.class), examples = @ExampleObject(value = "{\"id\":\"5b0e1c2a-8f4d-4f7e-a1c3-2d9b8e7f6a5b\",\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-11-01T00:00:00Z\",\"status\":\"running\",\"published\":0,\"createdAt\":\"2026-11-23T10:00:00Z\"}")))
    @APIResponse(responseCode = "400", description = "Missing or inverted range, an empty or overlong accountId, or a field other than from, to and accountId",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<Response> start(@Valid @NotNull ReplayRequest request) {
        return replays.submit(caller.tenantId(), request.from(), request.to(), request.accountId())
                .map(replay -> Response.accepted(ReplayView.from(replay))
                        // Relative on purpose: behind the gateway the service's own host means nothing to the caller.
                        .header("Location", "/v1/replays/" + replay.getString("_id")).build());
    }

    @GET
    @Path("/{replayId}")
    @Operation(summary = "A replay's progress")
    @APIResponse(responseCode = "200", description = "The replay",
            content = @Content(schema = @Schema(implementation = ReplayView.class), examples = @ExampleObject(value = "{\"id\":\"5b0e1c2a-8f4d-4f7e-a1c3-2d9b8e7f6a5b\",\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-11-01T00:00:00Z\",\"status\":\"completed\",\"published\":1200,\"createdAt\":\"2026-11-23T10:00:00Z\",\"completedAt\":\"2026-11-23T10:00:09Z\"}")))
    @APIResponse(responseCode = "404", description = "No such replay in the caller's tenant",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<ReplayView> get(@PathParam("replayId") String replayId) {
        return replays.find(caller.tenantId(), replayId).map(ReplayView::from);
    }
}
