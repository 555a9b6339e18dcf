package dev.uptake.ingestion.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.uptake.contracts.TrackedEvent;
import dev.uptake.ingestion.service.EventDebugger;
import dev.uptake.ingestion.service.EventNormalizer;
import dev.uptake.ingestion.service.EventQuery;
import dev.uptake.kit.problem.Problem;
import dev.uptake.kit.problem.ProblemException;
import dev.uptake.kit.security.Caller;
import io.smallrye.mutiny.Uni;

@Path("/v1/events")
@Tag(name = "Event debugger", description = "Check your instrumentation: the events Uptake received, newest first")
@Produces(MediaType.APPLICATION_JSON)
public class EventsResource {

    /** One page of the debugger; {@code nextCursor} is absent on the last page. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "EventPage")
    public record EventPage(List<TrackedEvent> items, @Schema(example = "MTc2NDAwMDAwMDAwMDptLTE") String nextCursor) {
    }

    private final EventDebugger debugger;
    private final Caller caller;

    public EventsResource(EventDebugger debugger, Caller caller) {
        this.debugger = debugger;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "List received events", description = "Newest received first. from/to bound receivedAt (ISO-8601); limit is capped at 500 (larger asks get 500 and a cursor).")
    @APIResponse(responseCode = "200", description = "A page of events",
            content = @Content(schema = @Schema(implementation = EventPage.class), examples = @ExampleObject(value = "{\"items\":[{\"schemaVersion\":1,\"tenantId\":\"demo\",\"messageId\":\"m-1\",\"type\":\"track\",\"userId\":\"u-42\",\"accountId\":\"acme\",\"event\":\"Report Built\",\"timestamp\":\"2026-11-23T10:00:00Z\",\"receivedAt\":\"2026-11-23T10:00:01Z\",\"historical\":false}],\"nextCursor\":\"MTc2NDAwMDAwMDAwMDptLTE\"}")))
    @APIResponse(responseCode = "400", description = "Invalid limit (below 1), type, date or cursor",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No valid key",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<EventPage> list(@QueryParam("userId") String userId, @QueryParam("accountId") String accountId,
            @QueryParam("event") String event, @QueryParam("type") String type, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("limit") @DefaultValue("50") int limit,
            @QueryParam("cursor") String cursor) {
        EventQuery query = new EventQuery(userId, accountId, event, type, instant("from", from), instant("to", to),
                limit, cursor);
        return debugger.find(caller.tenantId(), query).map(page -> new EventPage(page.events(), page.nextCursor()));
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Instant parsed = Instant.parse(value);
            if (parsed.isBefore(EventNormalizer.EARLIEST) || parsed.isAfter(EventNormalizer.LATEST)) {
                throw ProblemException.badRequest("invalid-parameter", "Invalid parameter",
                        name + " must lie between " + EventNormalizer.EARLIEST + " and " + EventNormalizer.LATEST + ".");
            }
            return parsed;
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("invalid-parameter", "Invalid parameter",
                    name + " must be an ISO-8601 instant such as 2026-11-23T10:00:00Z.");
        }
    }
}
