package dev.uptake.campaign.campaigns.rest;

import java.net.URI;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.uptake.campaign.campaigns.Channel;
import dev.uptake.campaign.campaigns.service.CampaignService;
import dev.uptake.kit.problem.Problem;
import dev.uptake.kit.problem.Problems;
import dev.uptake.kit.security.Caller;
import io.smallrye.mutiny.Uni;

@Path("/v1/campaigns")
@Tag(name = "Campaigns", description = "Messages an admin defines and delivers to users' in-app inboxes")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "Not called through the gateway with a valid key",
        content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                examples = @ExampleObject(name = "unauthorized", value = CampaignResource.UNAUTHORIZED_EXAMPLE)))
public class CampaignResource {

    static final String UNAUTHORIZED_EXAMPLE = "{\"type\":\"https://uptake.dev/problems/unauthorized\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"Call Uptake through the gateway with an API key.\",\"instance\":\"/v1/campaigns\"}";
    private static final String CAMPAIGN_EXAMPLE = "{\"campaignId\":\"3f0b8a52-4c1e-4d7a-9e36-5b2f1c8d7a90\",\"name\":\"Saved reports nudge\",\"channel\":\"in_app\",\"message\":{\"title\":\"Try saved reports\",\"body\":\"Save any report and get it in your inbox every Monday.\"},\"createdAt\":\"2026-12-02T09:00:00Z\"}";
    private static final String PAGE_EXAMPLE = "{\"items\":[" + CAMPAIGN_EXAMPLE + "],\"nextCursor\":\"MjAyNi0xMi0wMlQwOTowMDowMFp8M2YwYjhhNTItNGMxZS00ZDdhLTllMzYtNWIyZjFjOGQ3YTkw\"}";
    private static final String INVALID_EXAMPLE = "{\"type\":\"https://uptake.dev/problems/validation\",\"title\":\"Invalid request\",\"status\":400,\"detail\":\"1 invalid field(s)\",\"instance\":\"/v1/campaigns\",\"errors\":[{\"path\":\"channel\",\"message\":\"must be in_app; email and webhook channels are not available yet\"}]}";
    private static final String NOT_FOUND_EXAMPLE = "{\"type\":\"https://uptake.dev/problems/not-found\",\"title\":\"Not found\",\"status\":404,\"detail\":\"No campaign 3f0b8a52-4c1e-4d7a-9e36-5b2f1c8d7a90.\",\"instance\":\"/v1/campaigns/3f0b8a52-4c1e-4d7a-9e36-5b2f1c8d7a90\"}";
    private static final String DELIVERY_EXAMPLE = "{\"delivered\":2,\"alreadyDelivered\":1}";

    private final CampaignService campaigns;
    private final Caller caller;

    public CampaignResource(CampaignService campaigns, Caller caller) {
        this.campaigns = campaigns;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Define a campaign", description = "Only the in_app channel exists so far.")
    @APIResponse(responseCode = "201", description = "Created; Location names the campaign",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CampaignView.class),
                    examples = @ExampleObject(name = "campaign", value = CAMPAIGN_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "Invalid body; errors names each field",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "invalid", value = INVALID_EXAMPLE)))
    public Uni<Response> create(@NotNull @Valid CampaignRequest request) {
        return campaigns.create(caller.tenantId(), request.name(), Channel.fromApiName(request.channel()),
                request.message().title(), request.message().body())
                .map(campaign -> Response.created(URI.create("/v1/campaigns/" + campaign.campaignId))
                        .entity(CampaignView.of(campaign)).build());
    }

    @GET
    @Operation(summary = "List campaigns", description = "Newest first; page with limit and the cursor of the previous page.")
    @APIResponse(responseCode = "200", description = "A page of campaigns",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CampaignPage.class),
                    examples = @ExampleObject(name = "page", value = PAGE_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "limit out of range, or a cursor this API did not issue",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<CampaignPage> list(
            @Parameter(description = "Page size, 1 to 200") @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        return campaigns.page(caller.tenantId(), limit, cursor).map(CampaignPage::of);
    }

    @GET
    @Path("/{campaignId}")
    @Operation(summary = "One campaign")
    @APIResponse(responseCode = "200", description = "The campaign",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CampaignView.class),
                    examples = @ExampleObject(name = "campaign", value = CAMPAIGN_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No campaign with this id in the caller's tenant",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not-found", value = NOT_FOUND_EXAMPLE)))
    public Uni<CampaignView> get(@PathParam("campaignId") String campaignId) {
        return campaigns.one(caller.tenantId(), campaignId).map(CampaignView::of);
    }

    @POST
    @Path("/{campaignId}/deliveries")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Deliver a campaign to users",
            description = "Puts the message in each user's in-app inbox once. Retrying, or naming a user again, "
                    + "delivers nothing twice: those users count as alreadyDelivered.")
    @APIResponse(responseCode = "200", description = "How many users got it now and how many already had it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeliveryView.class),
                    examples = @ExampleObject(name = "delivery", value = DELIVERY_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "No user ids, more than 1,000, or a blank one",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No campaign with this id in the caller's tenant",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not-found", value = NOT_FOUND_EXAMPLE)))
    public Uni<DeliveryView> deliver(@PathParam("campaignId") String campaignId,
            @NotNull @Valid DeliveryRequest request) {
        return campaigns.deliver(caller.tenantId(), campaignId, request.userIds()).map(DeliveryView::of);
    }
}
