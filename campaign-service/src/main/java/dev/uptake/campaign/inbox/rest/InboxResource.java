package dev.uptake.campaign.inbox.rest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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

import dev.uptake.campaign.inbox.service.InboxService;
import dev.uptake.kit.problem.Problem;
import dev.uptake.kit.problem.Problems;
import dev.uptake.kit.security.Caller;
import io.smallrye.mutiny.Uni;

/**
 * The in-app inbox, called from browsers and mobile apps with the write key. Anyone holding that key can read a
 * user's inbox by naming the user, so messages must carry nothing secret (documented in the README).
 */
@Path("/v1/inbox")
@Tag(name = "Inbox", description = "A user's in-app messages, for the front end to show and mark as read (write key)")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "Not called through the gateway with a valid key",
        content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                examples = @ExampleObject(name = "unauthorized", value = InboxResource.UNAUTHORIZED_EXAMPLE)))
public class InboxResource {

    static final String UNAUTHORIZED_EXAMPLE = "{\"type\":\"https://uptake.dev/problems/unauthorized\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"Call Uptake through the gateway with an API key.\",\"instance\":\"/v1/inbox\"}";
    private static final String MESSAGE_EXAMPLE = "{\"messageId\":\"c7d1e2f3-0a4b-4c5d-8e9f-a0b1c2d3e4f5\",\"campaignId\":\"3f0b8a52-4c1e-4d7a-9e36-5b2f1c8d7a90\",\"userId\":\"u-1\",\"title\":\"Try saved reports\",\"body\":\"Save any report and get it in your inbox every Monday.\",\"deliveredAt\":\"2026-12-02T09:05:00Z\"}";
    private static final String PAGE_EXAMPLE = "{\"items\":[" + MESSAGE_EXAMPLE + "],\"unread\":1}";
    private static final String USER_EXAMPLE = "{\"type\":\"https://uptake.dev/problems/validation\",\"title\":\"Invalid request\",\"status\":400,\"detail\":\"1 invalid field(s)\",\"instance\":\"/v1/inbox\",\"errors\":[{\"path\":\"userId\",\"message\":\"must not be blank\"}]}";
    private static final String NOT_FOUND_EXAMPLE = "{\"type\":\"https://uptake.dev/problems/not-found\",\"title\":\"Not found\",\"status\":404,\"detail\":\"No inbox message c7d1e2f3-0a4b-4c5d-8e9f-a0b1c2d3e4f5.\",\"instance\":\"/v1/inbox/c7d1e2f3-0a4b-4c5d-8e9f-a0b1c2d3e4f5\"}";

    private final InboxService inbox;
    private final Caller caller;

    public InboxResource(InboxService inbox, Caller caller) {
        this.inbox = inbox;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "A user's inbox", description = "Newest first, with the unread count of the whole inbox.")
    @APIResponse(responseCode = "200", description = "A page of messages",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = InboxPage.class),
                    examples = @ExampleObject(name = "page", value = PAGE_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "No userId, limit out of range, or a cursor this API did not issue",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "user", value = USER_EXAMPLE)))
    public Uni<InboxPage> list(
            @Parameter(description = "The user, as the tracking API names them", required = true)
            @QueryParam("userId") @NotBlank @Size(max = 256) String userId,
            @Parameter(description = "Page size, 1 to 200") @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        return inbox.page(caller.tenantId(), userId, limit, cursor).map(InboxPage::of);
    }

    @GET
    @Path("/{messageId}")
    @Operation(summary = "One inbox message")
    @APIResponse(responseCode = "200", description = "The message",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = InboxMessageView.class),
                    examples = @ExampleObject(name = "message", value = MESSAGE_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No message with this id in the caller's tenant",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not-found", value = NOT_FOUND_EXAMPLE)))
    public Uni<InboxMessageView> get(@PathParam("messageId") String messageId) {
        return inbox.one(caller.tenantId(), messageId).map(InboxMessageView::of);
    }

    @POST
    @Path("/{messageId}/read")
    @Operation(summary = "Mark a message read",
            description = "No body. The first call sets readAt; later calls keep it, so retries are harmless.")
    @APIResponse(responseCode = "200", description = "The message, with readAt",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = InboxMessageView.class)))
    @APIResponse(responseCode = "404", description = "No message with this id in the caller's tenant",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not-found", value = NOT_FOUND_EXAMPLE)))
    public Uni<InboxMessageView> markRead(@PathParam("messageId") String messageId) {
        return inbox.markRead(caller.tenantId(), messageId).map(InboxMessageView::of);
    }
}
