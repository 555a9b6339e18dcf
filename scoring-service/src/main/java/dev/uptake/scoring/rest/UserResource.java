package dev.uptake.scoring.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.uptake.kit.problem.Problem;
import dev.uptake.kit.security.Caller;
import dev.uptake.scoring.Window;
import dev.uptake.scoring.service.MetricsService;
import dev.uptake.scoring.service.UserQueries;
import dev.uptake.scoring.service.Windows;
import io.smallrye.mutiny.Uni;

@Path("/v1/users")
@Tag(name = "Users", description = "Per-user profile, memberships and sessions")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "No valid key",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                examples = @ExampleObject(value = "{\"type\":\"https://uptake.dev/problems/unauthorized\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"Call Uptake through the gateway with an API key.\"}")))
public class UserResource {

    private final UserQueries queries;
    private final MetricsService metrics;
    private final Windows windows;
    private final Caller caller;

    public UserResource(UserQueries queries, MetricsService metrics, Windows windows, Caller caller) {
        this.queries = queries;
        this.metrics = metrics;
        this.windows = windows;
        this.caller = caller;
    }

    @GET
    @Path("/{userId}")
    @Operation(summary = "One user", description = "Profile, memberships, latest session, segment and breadth of feature use over the last 30 days.")
    @APIResponse(responseCode = "200", description = "The user",
            content = @Content(schema = @Schema(implementation = UserView.class), examples = @ExampleObject(value = "{\"userId\":\"u-42\",\"email\":\"ada@acme.example\",\"name\":\"Ada Lovelace\",\"role\":\"admin\",\"createdAt\":\"2026-02-01T00:00:00Z\",\"accountId\":\"acme\",\"memberships\":[{\"accountId\":\"acme\",\"since\":\"2026-02-01T09:00:00Z\"}],\"eventCount\":310,\"lastSession\":{\"start\":\"2026-11-23T09:30:00Z\",\"end\":\"2026-11-23T10:00:00Z\",\"durationSeconds\":1800},\"segment\":\"casual\",\"maturity\":\"developing\",\"breadth\":{\"featuresUsed\":3,\"featuresInCatalog\":8,\"percent\":37.5,\"averageUserPercent\":37.5},\"recentSessions\":[{\"start\":\"2026-11-23T09:30:00Z\",\"end\":\"2026-11-23T10:00:00Z\",\"durationSeconds\":1800}]}")))
    @APIResponse(responseCode = "404", description = "No such user in the caller's tenant",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(value = "{\"type\":\"https://uptake.dev/problems/not-found\",\"title\":\"Not found\",\"status\":404,\"detail\":\"No user u-42 has been seen.\"}")))
    public Uni<UserView> get(@PathParam("userId") String userId) {
        String tenantId = caller.tenantId();
        return queries.user(tenantId, userId).chain(user -> Uni.combine().all()
                .unis(metrics.breadth(tenantId, user, Window.lastDays(windows.today(), 30)),
                        queries.latestSessions(tenantId, user, 10))
                .asTuple().map(found -> UserView.from(user, found.getItem1(),
                        found.getItem2().stream().map(UserView::session).toList())));
    }
}
