package dev.uptake.gateway.rest;

import java.net.URI;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.uptake.gateway.TenantSettings;
import dev.uptake.gateway.service.TenantService;
import dev.uptake.kit.problem.Problem;
import dev.uptake.kit.problem.Problems;
import io.smallrye.mutiny.Uni;

/** Operator API for tenants. The operator token is checked before this resource (see edge.OperatorAuth). */
@Path("/admin/tenants")
@Tag(name = "Operator: tenants", description = "Create tenants and set their limits (operator token)")
@SecurityRequirement(name = "operatorToken")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "Missing or wrong operator token", content = @Content(
        mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
        examples = @ExampleObject(name = "unauthorized", value = ApiExamples.UNAUTHORIZED)))
public class TenantResource {

    private final TenantService tenants;

    public TenantResource(TenantService tenants) {
        this.tenants = tenants;
    }

    @POST
    @Operation(summary = "Create a tenant", description = "The id is generated when absent.")
    @APIResponse(responseCode = "201", description = "Created; Location names the tenant", content = @Content(
            schema = @Schema(implementation = TenantView.class),
            examples = @ExampleObject(name = "tenant", value = ApiExamples.TENANT)))
    @APIResponse(responseCode = "400", description = "Invalid body", content = @Content(
            mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "invalid", value = ApiExamples.INVALID)))
    @APIResponse(responseCode = "409", description = "The id is taken", content = @Content(
            mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "conflict", value = ApiExamples.CONFLICT)))
    public Uni<Response> create(@NotNull @Valid TenantRequest request) {
        TenantSettings settings = request.settings() == null ? null : request.settings().toSettings();
        return tenants.create(request.id(), request.name(), settings)
                .map(tenant -> Response.created(URI.create("/admin/tenants/" + tenant.id))
                        .entity(TenantView.of(tenant)).build());
    }

    @GET
    @Operation(summary = "List tenants", description = "In id order; follow nextCursor for the next page.")
    @APIResponse(responseCode = "200", description = "One page", content = @Content(
            schema = @Schema(implementation = TenantPage.class),
            examples = @ExampleObject(name = "page", value = ApiExamples.TENANT_PAGE)))
    @APIResponse(responseCode = "400", description = "Invalid limit", content = @Content(
            mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "invalid", value = ApiExamples.INVALID)))
    public Uni<TenantPage> list(@QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        return tenants.page(cursor, limit).map(page -> new TenantPage(page.stream().map(TenantView::of).toList(),
                page.size() == limit ? page.get(page.size() - 1).id : null));
    }

    @GET
    @Path("/{tenantId}")
    @Operation(summary = "Get a tenant")
    @APIResponse(responseCode = "200", description = "The tenant", content = @Content(
            schema = @Schema(implementation = TenantView.class),
            examples = @ExampleObject(name = "tenant", value = ApiExamples.TENANT)))
    @APIResponse(responseCode = "404", description = "No such tenant", content = @Content(
            mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "not-found", value = ApiExamples.NOT_FOUND)))
    public Uni<TenantView> get(@PathParam("tenantId") String tenantId) {
        return tenants.get(tenantId).map(TenantView::of);
    }

    @PUT
    @Path("/{tenantId}/settings")
    @Operation(summary = "Replace a tenant's settings",
            description = "Rate limits and browser origins. Other gateway replicas apply them within 30 s.")
    @APIResponse(responseCode = "200", description = "The tenant with its new settings", content = @Content(
            schema = @Schema(implementation = TenantView.class),
            examples = @ExampleObject(name = "tenant", value = ApiExamples.TENANT)))
    @APIResponse(responseCode = "400", description = "Invalid body", content = @Content(
            mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "invalid", value = ApiExamples.INVALID)))
    @APIResponse(responseCode = "404", description = "No such tenant", content = @Content(
            mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "not-found", value = ApiExamples.NOT_FOUND)))
    public Uni<TenantView> updateSettings(@PathParam("tenantId") String tenantId,
            @NotNull @Valid TenantSettingsBody settings) {
        return tenants.updateSettings(tenantId, settings.toSettings()).map(TenantView::of);
    }
}
