package dev.uptake.campaign.signal.rest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.uptake.campaign.signal.service.SignalQueries;
import dev.uptake.kit.problem.Problem;
import dev.uptake.kit.problem.Problems;
import dev.uptake.kit.security.Caller;
import io.smallrye.mutiny.Uni;

@Path("/v1/signals")
@Tag(name = "Signals", description = "Signals campaign-service has received from scoring: the triggers of playbooks")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "Not called through the gateway with a valid key",
        content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                examples = @ExampleObject(name = "unauthorized", value = SignalResource.UNAUTHORIZED_EXAMPLE)))
public class SignalResource {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    static final String UNAUTHORIZED_EXAMPLE = "{\"type\":\"https://uptake.dev/problems/unauthorized\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"Call Uptake through the gateway with an API key.\",\"instance\":\"/v1/signals\"}";
    private static final String SIGNAL_EXAMPLE = "{\"signalId\":\"9f2c4e61a0b35d7e8c1f02a4b6d8e0f1\",\"schemaVersion\":1,\"tenantId\":\"t-acme\",\"subjectType\":\"account\",\"subjectId\":\"acme\",\"kind\":\"lifecycle\",\"from\":\"new\",\"to\":\"active\",\"at\":\"2026-11-23T10:00:00Z\",\"historical\":false,\"receivedAt\":\"2026-11-23T10:00:01.204Z\"}";
    private static final String PAGE_EXAMPLE = "{\"items\":[" + SIGNAL_EXAMPLE + "],\"nextCursor\":\"MjAyNi0xMS0yM1QxMDowMDowMS4yMDRafDlmMmM0ZTYxYTBiMzVkN2U4YzFmMDJhNGI2ZDhlMGYx\"}";
    private static final String LIMIT_EXAMPLE = "{\"type\":\"https://uptake.dev/problems/validation\",\"title\":\"Invalid request\",\"status\":400,\"detail\":\"1 invalid field(s)\",\"instance\":\"/v1/signals\",\"errors\":[{\"path\":\"limit\",\"message\":\"must be less than or equal to 200\"}]}";
    private static final String CURSOR_EXAMPLE = "{\"type\":\"https://uptake.dev/problems/invalid-cursor\",\"title\":\"Invalid cursor\",\"status\":400,\"detail\":\"cursor is not one this API issued; pass nextCursor from the previous page unchanged.\",\"instance\":\"/v1/signals\"}";
    private static final String NOT_FOUND_EXAMPLE = "{\"type\":\"https://uptake.dev/problems/not-found\",\"title\":\"Not found\",\"status\":404,\"detail\":\"No signal 9f2c4e61a0b35d7e8c1f02a4b6d8e0f1 was received.\",\"instance\":\"/v1/signals/9f2c4e61a0b35d7e8c1f02a4b6d8e0f1\"}";

    private final SignalQueries queries;
    private final Caller caller;

    public SignalResource(SignalQueries queries, Caller caller) {
        this.queries = queries;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "List received signals",
            description = "Newest first (by receipt, then signal id); page with limit and the cursor of the previous page.")
    @APIResponse(responseCode = "200", description = "A page of signals",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SignalPage.class),
                    examples = @ExampleObject(name = "page", value = PAGE_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "limit out of range, or a cursor this API did not issue",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = { @ExampleObject(name = "limit", value = LIMIT_EXAMPLE),
                            @ExampleObject(name = "cursor", value = CURSOR_EXAMPLE) }))
    public Uni<SignalPage> list(
            @Parameter(description = "Only signals about this account or user") @QueryParam("subjectId") String subjectId,
            @Parameter(description = "Only signals of this kind, e.g. lifecycle") @QueryParam("kind") String kind,
            @Parameter(description = "Page size, 1 to 200") @QueryParam("limit") @DefaultValue("" + DEFAULT_LIMIT)
            @Min(1) @Max(MAX_LIMIT) int limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        return queries.page(caller.tenantId(), subjectId, kind, limit, cursor).map(SignalViewMapper::toPage);
    }

    @GET
    @Path("/{signalId}")
    @Operation(summary = "One received signal")
    @APIResponse(responseCode = "200", description = "The signal",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SignalView.class),
                    examples = @ExampleObject(name = "signal", value = SIGNAL_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No signal with this id in the caller's tenant",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not-found", value = NOT_FOUND_EXAMPLE)))
    public Uni<SignalView> get(@PathParam("signalId") String signalId) {
        return queries.one(caller.tenantId(), signalId).map(SignalViewMapper::toView);
    }
}
