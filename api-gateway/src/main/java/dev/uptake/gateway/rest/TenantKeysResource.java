package dev.uptake.gateway.rest;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.uptake.gateway.service.KeyService;
import dev.uptake.kit.problem.Problem;
import dev.uptake.kit.problem.Problems;
import io.smallrye.mutiny.Uni;

/** Operator API for any tenant's keys. */
@Path("/admin/tenants/{tenantId}/keys")
@Tag(name = "Operator: keys", description = "Issue and revoke any tenant's API keys (operator token)")
@SecurityRequirement(name = "operatorToken")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "Missing or wrong operator token", content = @Content(
        mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
        examples = @ExampleObject(name = "unauthorized", value = ApiExamples.UNAUTHORIZED)))
@APIResponse(responseCode = "404", description = "No such tenant or key", content = @Content(
        mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
        examples = @ExampleObject(name = "not-found", value = ApiExamples.NOT_FOUND)))
public class TenantKeysResource {

    private final KeyService keys;

    public TenantKeysResource(KeyService keys) {
        this.keys = keys;
    }

    @POST
    @Operation(summary = "Issue a key", description = "The response holds the full key; it is never shown again.")
    @APIResponse(responseCode = "201", description = "Created; Location names the key", content = @Content(
            schema = @Schema(implementation = IssuedKeyView.class),
            examples = @ExampleObject(name = "key", value = ApiExamples.ISSUED_KEY)))
    @APIResponse(responseCode = "400", description = "Invalid body", content = @Content(
            mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "invalid", value = ApiExamples.INVALID)))
    public Uni<Response> issue(@PathParam("tenantId") String tenantId, @NotNull @Valid KeyRequest request) {
        return keys.issue(tenantId, request.keyKind())
                .map(issued -> Response.created(URI.create("/admin/tenants/" + tenantId + "/keys/" + issued.key().id))
                        .entity(IssuedKeyView.of(issued)).build());
    }

    @GET
    @Operation(summary = "List a tenant's keys", description = "Oldest first, revoked keys included, no secrets.")
    @APIResponse(responseCode = "200", description = "One page", content = @Content(
            schema = @Schema(implementation = KeyPage.class),
            examples = @ExampleObject(name = "page", value = ApiExamples.KEY_PAGE)))
    public Uni<KeyPage> list(@PathParam("tenantId") String tenantId,
            @QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        return keys.page(tenantId, offset, limit)
                .map(page -> KeyPage.of(page.stream().map(KeyView::of).toList(), offset, limit));
    }

    @GET
    @Path("/{keyId}")
    @Operation(summary = "Get a key", description = "Without its secret.")
    @APIResponse(responseCode = "200", description = "The key", content = @Content(
            schema = @Schema(implementation = KeyView.class),
            examples = @ExampleObject(name = "key", value = ApiExamples.KEY)))
    public Uni<KeyView> get(@PathParam("tenantId") String tenantId, @PathParam("keyId") UUID keyId) {
        return keys.get(tenantId, keyId).map(KeyView::of);
    }

    @DELETE
    @Path("/{keyId}")
    @Operation(summary = "Revoke a key", description = "Stops working within 30 s on every gateway replica.")
    @APIResponse(responseCode = "204", description = "Revoked (or already revoked)")
    public Uni<Response> revoke(@PathParam("tenantId") String tenantId, @PathParam("keyId") UUID keyId) {
        return keys.revoke(tenantId, keyId).map(revoked -> Response.noContent().build());
    }
}
