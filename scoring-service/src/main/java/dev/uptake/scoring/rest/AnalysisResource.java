package dev.uptake.scoring.rest;

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
import dev.uptake.scoring.LoginThreshold;
import dev.uptake.scoring.service.AnalysisGate;
import dev.uptake.scoring.service.LoginThresholdService;
import dev.uptake.scoring.service.Windows;
import io.smallrye.mutiny.Uni;

@Path("/v1/analysis")
@Tag(name = "Analysis", description = "What the tenant's own renewal history says about usage")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "No valid key",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                examples = @ExampleObject(value = "{\"type\":\"https://uptake.dev/problems/unauthorized\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"Call Uptake through the gateway with an API key.\"}")))
public class AnalysisResource {

    private final LoginThresholdService logins;
    private final Windows windows;
    private final Caller caller;
    private final AnalysisGate gate;

    public AnalysisResource(LoginThresholdService logins, Windows windows, Caller caller, AnalysisGate gate) {
        this.logins = logins;
        this.windows = windows;
        this.caller = caller;
        this.gate = gate;
    }

    @GET
    @Path("/login-threshold")
    @Operation(summary = "The logins per user per week that best separate renewals from churns",
            description = "For every renewal dated in the window (from/to, or the 365 days up to asOf), the account's logins (events of the catalog's login-only features) in the windowDays before it, per week and per user who joined the account before those days; then the threshold that puts the most renewals on their side (renewed at or above, churned below). Pass threshold to see how a level of your own separates.")
    @APIResponse(responseCode = "200", description = "The calibrated threshold and how well it separates",
            content = @Content(schema = @Schema(implementation = LoginThreshold.class), examples = @ExampleObject(value = "{\"window\":{\"from\":\"2025-12-01\",\"to\":\"2026-11-30\"},\"windowDays\":28,\"renewals\":240,\"unmeasured\":3,\"threshold\":2.06,\"separated\":232,\"accuracy\":96.7,\"below\":{\"renewals\":80,\"renewed\":6,\"rate\":7.5},\"atOrAbove\":{\"renewals\":160,\"renewed\":158,\"rate\":98.8},\"renewedMedian\":3.1,\"churnedMedian\":1.2,\"evaluated\":{\"threshold\":2.0,\"separated\":230,\"accuracy\":95.8}}")))
    @APIResponse(responseCode = "400", description = "Invalid window, date, tier, windowDays or threshold",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(value = "{\"type\":\"https://uptake.dev/problems/invalid-parameter\",\"title\":\"Invalid parameter\",\"status\":400,\"detail\":\"give from and to, or asOf, not both.\"}")))
    @APIResponse(responseCode = "503", description = HistoryQuery.BUSY,
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(value = HistoryQuery.BUSY_EXAMPLE)))
    public Uni<LoginThreshold> loginThreshold(@BeanParam HistoryQuery query,
            @QueryParam("windowDays") @DefaultValue("28") @jakarta.validation.constraints.Min(7) @jakarta.validation.constraints.Max(366) int windowDays,
            @QueryParam("threshold") @Parameter(description = "A threshold to evaluate as well", example = "2.0") @jakarta.validation.constraints.PositiveOrZero Double threshold) {
        return gate.run(() -> logins.calibrate(caller.tenantId(), query.period(windows), windowDays, threshold,
                query.filter(null)));
    }
}
