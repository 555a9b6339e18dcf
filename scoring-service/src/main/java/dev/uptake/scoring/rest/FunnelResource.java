package dev.uptake.scoring.rest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.BeanParam;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.uptake.kit.problem.Problem;
import dev.uptake.kit.security.Caller;
import dev.uptake.scoring.ActivationFunnel;
import dev.uptake.scoring.service.AnalysisGate;
import dev.uptake.scoring.service.FunnelService;
import dev.uptake.scoring.service.Windows;
import io.smallrye.mutiny.Uni;

@Path("/v1/funnels")
@Tag(name = "Funnels", description = "How far new users get, step by step")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "No valid key",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                examples = @ExampleObject(value = "{\"type\":\"https://uptake.dev/problems/unauthorized\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"Call Uptake through the gateway with an API key.\"}")))
public class FunnelResource {

    private final FunnelService funnels;
    private final Windows windows;
    private final Caller caller;
    private final AnalysisGate gate;

    public FunnelResource(FunnelService funnels, Windows windows, Caller caller, AnalysisGate gate) {
        this.funnels = funnels;
        this.windows = windows;
        this.caller = caller;
        this.gate = gate;
    }

    @GET
    @Path("/activation")
    @Operation(summary = "The activation funnel of the users who signed up in the window",
            description = "Users who signed up (identify's createdAt, else first seen) between the window's first day and minAgeDays before its end, leaving out users of accounts that churned within minAgeDays of the signup; then: first login ever (an event of a login-only feature) within loginWithinDays; a feature used within actWithinDays of that login (only from the actionFromLevel depth level on, for features that have it); active again within returnWithinDays of it; active in each of the habitWeeks weeks after it; active on at least powerMinDays days of the next habitWeeks weeks. The window is from/to, or the 365 days up to asOf (default today).")
    @APIResponse(responseCode = "200", description = "Users per step, with each step's conversion from the one before and from signing up",
            content = @Content(schema = @Schema(implementation = ActivationFunnel.class), examples = @ExampleObject(value = "{\"window\":{\"from\":\"2025-12-01\",\"to\":\"2026-11-30\"},\"signedUpFrom\":\"2025-12-01\",\"signedUpTo\":\"2026-08-23\",\"minAgeDays\":100,\"steps\":[{\"step\":\"signed-up\",\"description\":\"signed up in the cohort's days\",\"users\":1000,\"overall\":100.0},{\"step\":\"logged-in\",\"description\":\"first login within 7 days of signing up\",\"users\":402,\"conversion\":40.2,\"overall\":40.2}]}")))
    @APIResponse(responseCode = "400", description = "Invalid window, date, tier or role, or steps that do not fit",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(value = "{\"type\":\"https://uptake.dev/problems/invalid-parameter\",\"title\":\"Invalid parameter\",\"status\":400,\"detail\":\"minAgeDays must be at least 69 so that every step had time to happen, and powerMinDays at most 28 (the days of the power weeks).\"}")))
    @APIResponse(responseCode = "503", description = HistoryQuery.BUSY,
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(value = HistoryQuery.BUSY_EXAMPLE)))
    public Uni<ActivationFunnel> activation(@BeanParam HistoryQuery query,
            @QueryParam("loginWithinDays") @DefaultValue("7") @Min(1) @Max(90) int loginWithinDays,
            @QueryParam("actWithinDays") @DefaultValue("7") @Min(1) @Max(90) int actWithinDays,
            @QueryParam("returnWithinDays") @DefaultValue("14") @Min(1) @Max(90) int returnWithinDays,
            @QueryParam("habitWeeks") @DefaultValue("4") @Min(1) @Max(12) int habitWeeks,
            @QueryParam("powerMinDays") @DefaultValue("16") @Min(1) @Max(84) int powerMinDays,
            @QueryParam("actionFromLevel") @Parameter(description = "Count as an action only events of this depth level and deeper, for features that have the level", example = "used") String actionFromLevel,
            @QueryParam("minAgeDays") @Parameter(description = "Leave out users who signed up fewer days than this before the window's end; default and minimum: the days the steps need (69 with the defaults)", example = "100") Integer minAgeDays,
            @QueryParam("role") @Parameter(description = "Only users of this role: admin, end-user, manager, executive", example = "admin") String role) {
        return gate.run(() -> funnels.activation(caller.tenantId(), query.period(windows),
                new FunnelService.Steps(loginWithinDays, actWithinDays, returnWithinDays, habitWeeks, powerMinDays,
                        actionFromLevel), minAgeDays, query.filter(role)));
    }
}
