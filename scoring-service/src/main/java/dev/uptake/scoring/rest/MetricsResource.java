package dev.uptake.scoring.rest;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
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
import dev.uptake.scoring.Overview;
import dev.uptake.scoring.service.AnalysisGate;
import dev.uptake.scoring.service.MetricsService;
import dev.uptake.scoring.service.Windows;
import io.smallrye.mutiny.Uni;

@Path("/v1/metrics")
@Tag(name = "Metrics", description = "Tenant-wide usage: frequency, sessions, features, DAU/WAU/MAU and license utilization")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "No valid key",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                examples = @ExampleObject(value = "{\"type\":\"https://uptake.dev/problems/unauthorized\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"Call Uptake through the gateway with an API key.\"}")))
public class MetricsResource {

    private final MetricsService metrics;
    private final Windows windows;
    private final Caller caller;
    private final AnalysisGate gate;

    public MetricsResource(MetricsService metrics, Windows windows, Caller caller, AnalysisGate gate) {
        this.gate = gate;
        this.metrics = metrics;
        this.windows = windows;
        this.caller = caller;
    }

    @GET
    @Path("/overview")
    @Operation(summary = "Usage across the tenant", description = "The five usage metrics over the window, with distributions across accounts; filter by tier, industry and role.")
    @APIResponse(responseCode = "200", description = "The overview",
            content = @Content(schema = @Schema(implementation = Overview.class), examples = @ExampleObject(value = "{\"accounts\":42,\"usage\":{\"window\":{\"from\":\"2026-10-25\",\"to\":\"2026-11-23\"},\"frequency\":{\"daily\":4,\"frequent\":9,\"occasional\":12,\"inactive\":3,\"dailyMinDays\":20,\"frequentMinDays\":8},\"sessions\":{\"count\":240,\"averageDurationSeconds\":1260.5,\"medianDurationSeconds\":900,\"perActiveUser\":9.6},\"features\":[{\"key\":\"reports\",\"name\":\"Reports\",\"uses\":311,\"users\":17}],\"engagement\":{\"dau\":11,\"wau\":19,\"mau\":25,\"stickiness\":0.42,\"series\":[{\"day\":\"2026-11-23\",\"dau\":11,\"wau\":19,\"mau\":25}]}},\"utilization\":{\"near-capacity\":3,\"healthy\":30,\"under-used\":7,\"unknown\":2},\"sessionDurations\":{\"under-5m\":80,\"5-30m\":120,\"30-60m\":30,\"over-60m\":10}}")))
    @APIResponse(responseCode = "400", description = "Invalid window, date or role",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(value = "{\"type\":\"https://uptake.dev/problems/invalid-parameter\",\"title\":\"Invalid parameter\",\"status\":400,\"detail\":\"window must be 7d, 30d or 90d.\"}")))
    @APIResponse(responseCode = "503", description = HistoryQuery.BUSY,
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(value = HistoryQuery.BUSY_EXAMPLE)))
    public Uni<Overview> overview(@BeanParam MetricsQuery query) {
        var window = windows.parse(query.window, query.from, query.to, query.asOf);
        MetricsService.Filter filter = query.filter(query.role);
        return gate.run(() -> metrics.overview(caller.tenantId(), window, filter));
    }
}
