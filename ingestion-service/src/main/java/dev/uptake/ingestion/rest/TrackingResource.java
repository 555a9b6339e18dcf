package dev.uptake.ingestion.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.uptake.contracts.EventType;
import dev.uptake.ingestion.service.TrackingCalls;
import dev.uptake.kit.http.AnyQueryParameters;
import dev.uptake.kit.problem.Problem;
import dev.uptake.kit.security.Caller;
import io.smallrye.mutiny.Uni;

/**
 * Segment's HTTP Tracking API, same paths and fields, so Segment SDKs work with only the host changed. Bodies are read
 * raw: Content-Type, gzip and size limits are checked here rather than by the framework, to answer as Segment does.
 * Query parameters are ignored: SDKs and proxies in front of them may add their own, and no event is refused for it.
 */
@Path("/v1")
@AnyQueryParameters
@Tag(name = "Tracking", description = "Segment-compatible tracking API (write key)")
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "400", description = "Malformed JSON, wrong Content-Type, invalid event (a timestamp that is not an ISO-8601 string, a non-boolean context.historical, ...), event over 32 KB, nesting over 32, over 1000 properties, a number no 64-bit integer or double holds, or a NUL character",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                examples = @ExampleObject(value = "{\"type\":\"https://uptake.dev/problems/invalid-event\",\"title\":\"Invalid event\",\"status\":400,\"detail\":\"userId or anonymousId is required\",\"instance\":\"/v1/track\",\"errors\":[{\"path\":\"userId\",\"message\":\"userId or anonymousId is required\"}]}")))
@APIResponse(responseCode = "401", description = "No valid write key",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "413", description = "Body over 500 KB after decompression",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "503", description = "Kafka unavailable (unavailable), this replica at its concurrent-request limit (overloaded) or stopping (stopping): nothing was accepted; retry after Retry-After seconds",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
public class TrackingResource {

    private static final String EVENT_EXAMPLE = "{\"userId\":\"u-42\",\"event\":\"Report Built\",\"properties\":{\"rows\":120},\"context\":{\"groupId\":\"acme\"},\"timestamp\":\"2026-11-23T10:00:00Z\",\"messageId\":\"m-1\"}";

    private final TrackingCalls calls;
    private final Caller caller;

    public TrackingResource(TrackingCalls calls, Caller caller) {
        this.calls = calls;
        this.caller = caller;
    }

    @POST
    @Path("/track")
    @Operation(summary = "Record an action a user performed")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(value = EVENT_EXAMPLE)))
    @APIResponse(responseCode = "200", description = "Accepted and durable in Kafka",
            content = @Content(schema = @Schema(implementation = TrackingAck.class), examples = @ExampleObject(value = "{\"success\":true}")))
    public Uni<TrackingAck> track(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding) {
        return single(EventType.TRACK, body, contentType, contentEncoding);
    }

    @POST
    @Path("/identify")
    @Operation(summary = "Tie a user to their traits (email, name, role, ...)")
    @APIResponse(responseCode = "200", description = "Accepted and durable in Kafka",
            content = @Content(schema = @Schema(implementation = TrackingAck.class), examples = @ExampleObject(value = "{\"success\":true}")))
    public Uni<TrackingAck> identify(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding) {
        return single(EventType.IDENTIFY, body, contentType, contentEncoding);
    }

    @POST
    @Path("/group")
    @Operation(summary = "Associate a user with an account (groupId) and record the account's traits")
    @APIResponse(responseCode = "200", description = "Accepted and durable in Kafka",
            content = @Content(schema = @Schema(implementation = TrackingAck.class), examples = @ExampleObject(value = "{\"success\":true}")))
    public Uni<TrackingAck> group(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding) {
        return single(EventType.GROUP, body, contentType, contentEncoding);
    }

    @POST
    @Path("/page")
    @Operation(summary = "Record a page view")
    @APIResponse(responseCode = "200", description = "Accepted and durable in Kafka",
            content = @Content(schema = @Schema(implementation = TrackingAck.class), examples = @ExampleObject(value = "{\"success\":true}")))
    public Uni<TrackingAck> page(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding) {
        return single(EventType.PAGE, body, contentType, contentEncoding);
    }

    @POST
    @Path("/screen")
    @Operation(summary = "Record a mobile screen view")
    @APIResponse(responseCode = "200", description = "Accepted and durable in Kafka",
            content = @Content(schema = @Schema(implementation = TrackingAck.class), examples = @ExampleObject(value = "{\"success\":true}")))
    public Uni<TrackingAck> screen(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding) {
        return single(EventType.SCREEN, body, contentType, contentEncoding);
    }

    @POST
    @Path("/alias")
    @Operation(summary = "Merge a previous identity (previousId) into a user")
    @APIResponse(responseCode = "200", description = "Accepted and durable in Kafka",
            content = @Content(schema = @Schema(implementation = TrackingAck.class), examples = @ExampleObject(value = "{\"success\":true}")))
    public Uni<TrackingAck> alias(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding) {
        return single(EventType.ALIAS, body, contentType, contentEncoding);
    }

    @POST
    @Path("/batch")
    @Operation(summary = "Send many calls at once", description = "Each item has a type. Invalid items are refused one by one and listed in rejected; the rest are accepted.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(value = "{\"batch\":[{\"type\":\"track\",\"userId\":\"u-42\",\"event\":\"Report Built\"},{\"type\":\"identify\",\"userId\":\"u-42\",\"traits\":{\"role\":\"admin\"}}],\"context\":{\"groupId\":\"acme\"},\"sentAt\":\"2026-11-23T10:00:01Z\"}")))
    @APIResponse(responseCode = "200", description = "Valid items accepted and durable in Kafka",
            content = @Content(schema = @Schema(implementation = TrackingAck.class), examples = @ExampleObject(value = "{\"success\":true,\"accepted\":1,\"duplicates\":0,\"rejected\":[{\"index\":1,\"messageId\":\"m-2\",\"reason\":\"userId or anonymousId is required\"}]}")))
    public Uni<TrackingAck> batch(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding) {
        return calls.batch(caller.tenantId(), body, contentType, contentEncoding).map(TrackingAck::batch);
    }

    private Uni<TrackingAck> single(EventType type, byte[] body, String contentType, String contentEncoding) {
        return calls.single(caller.tenantId(), type, body, contentType, contentEncoding).map(r -> TrackingAck.single());
    }
}
