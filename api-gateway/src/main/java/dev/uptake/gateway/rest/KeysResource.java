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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.uptake.gateway.service.KeyService;
import dev.uptake.kit.problem.Problem;
import dev.uptake.kit.problem.Problems;
import dev.uptake.kit.security.Caller;
import io.smallrye.mutiny.Uni;

/**
 * An admin key manages its own tenant's keys. The edge authenticates the key and admits only admin keys; the tenant
 * comes from {@link Caller}, as in every service.
 */
@Path("/v1/keys")
@Tag(name = "Keys", description = "Issue, list and revoke your tenant's API keys (admin key)")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "Missing, invalid or revoked key", content = @Content(
        mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
        examples = @ExampleObject(name = "unauthorized", value = ApiExamples.KEY_UNAUTHORIZED)))
@APIResponse(responseCode = "403", description = "Not an admin key", content = @Content(
        mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
        examples = @ExampleObject(name = "forbidden", value = ApiExamples.FORBIDDEN)))
public class KeysResource {

    private final KeyService keys;
    private final Caller caller;

    public KeysResource(KeyService keys, Caller caller) {
        this.keys = keys;
        this.caller = caller;
    }

    @POST
    @Operation(summary = "Issue a key", description = "The response holds the full key; it is never shown again.")
    @APIResponse(responseCode = "201", description = "Created; Location names the key", content = @Content(
            schema = @Schema(implementation = IssuedKeyView.class),
            examples = @ExampleObject(name = "key", value = ApiExamples.ISSUED_KEY)))
    @APIResponse(responseCode = "400", description = "Invalid body", content = @Content(
            mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "invalid", value = ApiExamples.INVALID)))
    public Uni<Response> issue(@NotNull @Valid KeyRequest request) {
        return keys.issue(caller.tenantId(), request.keyKind())
                .map(issued -> Response.created(URI.create("/v1/keys/" + issued.key().id))
                        .entity(IssuedKeyView.of(issued)).build());
    }

    @GET
    @Operation(summary = "List your keys", description = "Oldest first, revoked keys included, no secrets.")
    @APIResponse(responseCode = "200", description = "One page", content = @Content(
            schema = @Schema(implementation = KeyPage.class),
            examples = @ExampleObject(name = "page", value = ApiExamples.KEY_PAGE)))
    @APIResponse(responseCode = "400", description = "Invalid paging", content = @Content(
            mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "invalid", value = ApiExamples.INVALID)))
    public Uni<KeyPage> list(@QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        return keys.page(caller.tenantId(), offset, limit)
                .map(page -> KeyPage.of(page.stream().map(KeyView::of).toList(), offset, limit));
    }

    @GET
    @Path("/{keyId}")
    @Operation(summary = "Get one of your keys", description = "Without its secret.")
    @APIResponse(responseCode = "200", description = "The key", content = @Content(
            schema = @Schema(implementation = KeyView.class),
            examples = @ExampleObject(name = "key", value = ApiExamples.KEY)))
    @APIResponse(responseCode = "404", description = "No such key in your tenant", content = @Content(
            mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "not-found", value = ApiExamples.NOT_FOUND)))
    public Uni<KeyView> get(@PathParam("keyId") UUID keyId) {
        return keys.get(caller.tenantId(), keyId).map(KeyView::of);
    }

    @DELETE
    @Path("/{keyId}")
    @Operation(summary = "Revoke one of your keys", description = "Stops working within 30 s on every replica.")
    @APIResponse(responseCode = "204", description = "Revoked (or already revoked)")
    @APIResponse(responseCode = "404", description = "No such key in your tenant", content = @Content(
            mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "not-found", value = ApiExamples.NOT_FOUND)))
    public Uni<Response> revoke(@PathParam("keyId") UUID keyId) {
        return keys.revoke(caller.tenantId(), keyId).map(revoked -> Response.noContent().build());
    }
}
