package dev.uptake.scoring.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.bson.Document;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.uptake.kit.problem.Problem;
import dev.uptake.kit.security.Caller;
import dev.uptake.scoring.service.SegmentService;
import io.smallrye.mutiny.Uni;

@Path("/v1/segments")
@Tag(name = "Segments", description = "Behavioural segments (power, casual, at-risk, dormant, new) and maturity, kept live")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "No valid key",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                examples = @ExampleObject(value = "{\"type\":\"https://uptake.dev/problems/unauthorized\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"Call Uptake through the gateway with an API key.\"}")))
public class SegmentResource {

    private final SegmentService segments;
    private final Caller caller;

    public SegmentResource(SegmentService segments, Caller caller) {
        this.segments = segments;
        this.caller = caller;
    }

    /** Segment and maturity counts. */
    @Schema(name = "SegmentSummary")
    public record SegmentSummary(
            @Schema(example = "{\"users\":{\"at-risk\":3,\"casual\":20,\"dormant\":5,\"new\":4,\"power\":8},\"accounts\":{\"at-risk\":1,\"casual\":6,\"dormant\":1,\"new\":2,\"power\":3}}") Map<String, Map<String, Long>> segments,
            @Schema(example = "{\"users\":{\"developing\":10,\"mature\":25,\"new\":5},\"accounts\":{\"developing\":4,\"mature\":8,\"new\":1}}") Map<String, Map<String, Long>> maturity) {
    }

    /** One user or account in a segment. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "SegmentMember")
    public record Member(@Schema(example = "acme") String id, @Schema(example = "Acme Corp") String name,
            @Schema(example = "dormant") String segment, @Schema(example = "mature") String maturity,
            @Schema(example = "2026-10-01T10:00:00Z") Instant lastActiveAt) {
    }

    @Schema(name = "SegmentMemberPage")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MemberPage(List<Member> items, @Schema(example = "YWNtZQ") String nextCursor) {
    }

    @GET
    @Operation(summary = "Segment sizes", description = "Users and accounts per behavioural segment and per maturity stage.")
    @APIResponse(responseCode = "200", description = "Counts",
            content = @Content(schema = @Schema(implementation = SegmentSummary.class), examples = @ExampleObject(value = "{\"segments\":{\"users\":{\"at-risk\":3,\"casual\":20,\"dormant\":5,\"new\":4,\"power\":8},\"accounts\":{\"at-risk\":1,\"casual\":6,\"dormant\":1,\"new\":2,\"power\":3}},\"maturity\":{\"users\":{\"developing\":10,\"mature\":25,\"new\":5},\"accounts\":{\"developing\":4,\"mature\":8,\"new\":1}}}")))
    public Uni<SegmentSummary> summary() {
        return segments.summary(caller.tenantId()).map(found -> new SegmentSummary(found.segments(), found.maturity()));
    }

    @GET
    @Path("/{kind}/{name}/members")
    @Operation(summary = "Members of a segment", description = "kind is users or accounts; ordered by id; page with cursor.")
    @APIResponse(responseCode = "200", description = "A page of members",
            content = @Content(schema = @Schema(implementation = MemberPage.class), examples = @ExampleObject(value = "{\"items\":[{\"id\":\"acme\",\"name\":\"Acme Corp\",\"segment\":\"dormant\",\"maturity\":\"mature\",\"lastActiveAt\":\"2026-10-01T10:00:00Z\"}]}")))
    @APIResponse(responseCode = "400", description = "Unknown kind or segment, limit out of range or bad cursor",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(value = "{\"type\":\"https://uptake.dev/problems/invalid-parameter\",\"title\":\"Invalid parameter\",\"status\":400,\"detail\":\"kind must be users or accounts.\"}")))
    public Uni<MemberPage> members(@PathParam("kind") String kind, @PathParam("name") String name,
            @QueryParam("limit") @DefaultValue("50") int limit, @QueryParam("cursor") String cursor) {
        String idField = "users".equals(kind) ? "userId" : "accountId";
        return segments.members(caller.tenantId(), kind, name, limit, cursor).map(page -> new MemberPage(
                page.items().stream().map(document -> member(document, idField)).toList(), page.nextCursor()));
    }

    private static Member member(Document document, String idField) {
        java.util.Date lastActive = document.getDate("lastActiveAt");
        return new Member(document.getString(idField), document.getString("name"), document.getString("segment"),
                document.getString("maturity"), lastActive == null ? null : lastActive.toInstant());
    }
}
