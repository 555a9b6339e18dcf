package dev.uptake.ingestion.rest;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
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

import dev.uptake.contracts.PrivacyRequest;
import dev.uptake.ingestion.service.PrivacyService;
import dev.uptake.kit.problem.Problem;
import dev.uptake.kit.security.Caller;
import io.smallrye.mutiny.Uni;

@Path("/v1/privacy/requests")
@Tag(name = "Privacy", description = "Delete or suppress users' data (GDPR/CCPA), as Segment's regulations do")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "No valid key",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
public class PrivacyResource {

    /** What to do, and to whom. */
    public record PrivacyRequestBody(
            @NotEmpty @Size(max = 1000) @Schema(example = "[\"u-42\"]") List<@NotNull @Size(min = 1, max = 256) String> userIds,
            @NotNull @Schema(example = "SUPPRESS_WITH_DELETE") PrivacyRequest.Type type) {
    }

    /** A request and how far it got. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "PrivacyRequestStatus")
    public record PrivacyRequestView(@Schema(example = "9b1f0a44-3c59-4d1e-9e57-0b8e4b3f4d21") String id,
            @Schema(example = "SUPPRESS_WITH_DELETE") String type, List<String> userIds,
            @Schema(example = "completed", enumeration = { "pending", "completed" }) String status,
            @Schema(description = "Raw events stripped of personal data", example = "12") Long eventsDeleted,
            Instant createdAt, Instant completedAt) {

        @SuppressWarnings("unchecked")
        static PrivacyRequestView from(Document document) {
            Number deleted = (Number) document.get("eventsDeleted");
            return new PrivacyRequestView(document.getString("_id"), document.getString("type"),
                    (List<String>) document.get("userIds"), document.getString("status"),
                    deleted == null ? null : deleted.longValue(), instant(document.getDate("createdAt")),
                    instant(document.getDate("completedAt")));
        }

        private static Instant instant(Date date) {
            return date == null ? null : date.toInstant();
        }
    }

    private final PrivacyService privacy;
    private final Caller caller;

    public PrivacyResource(PrivacyService privacy, Caller caller) {
        this.privacy = privacy;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a privacy request", description = "DELETE strips the users' raw events and makes every service delete what it derived; SUPPRESS drops their future events; SUPPRESS_WITH_DELETE does both; UNSUPPRESS lifts a suppression.")
    @APIResponse(responseCode = "202", description = "Accepted; follow Location for progress",
            content = @Content(schema = @Schema(implementation = PrivacyRequestView.class), examples = @ExampleObject(value = "{\"id\":\"9b1f0a44-3c59-4d1e-9e57-0b8e4b3f4d21\",\"type\":\"DELETE\",\"userIds\":[\"u-42\"],\"status\":\"pending\",\"createdAt\":\"2026-11-23T10:00:00Z\"}")))
    @APIResponse(responseCode = "400", description = "Missing or invalid userIds or type, or a field other than these two",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<Response> submit(@Valid @NotNull PrivacyRequestBody body) {
        return privacy.submit(caller.tenantId(), body.type(), body.userIds())
                .map(request -> Response.accepted(PrivacyRequestView.from(request))
                        // Relative on purpose: behind the gateway the service's own host means nothing to the caller.
                        .header("Location", "/v1/privacy/requests/" + request.getString("_id")).build());
    }

    @GET
    @Path("/{requestId}")
    @Operation(summary = "A privacy request's progress")
    @APIResponse(responseCode = "200", description = "The request",
            content = @Content(schema = @Schema(implementation = PrivacyRequestView.class), examples = @ExampleObject(value = "{\"id\":\"9b1f0a44-3c59-4d1e-9e57-0b8e4b3f4d21\",\"type\":\"DELETE\",\"userIds\":[\"u-42\"],\"status\":\"completed\",\"eventsDeleted\":12,\"createdAt\":\"2026-11-23T10:00:00Z\",\"completedAt\":\"2026-11-23T10:00:01Z\"}")))
    @APIResponse(responseCode = "404", description = "No such request in the caller's tenant",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<PrivacyRequestView> get(@PathParam("requestId") String requestId) {
        return privacy.find(caller.tenantId(), requestId).map(PrivacyRequestView::from);
    }
}
