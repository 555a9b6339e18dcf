package dev.uptake.scoring.rest;

import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import dev.uptake.scoring.Window;
import dev.uptake.scoring.service.MetricsService;
import dev.uptake.scoring.service.Windows;

/**
 * The period and the accounts an analysis looks at: the query parameters of the analyses of history, and the base of
 * the metrics endpoints' own ({@link MetricsQuery}).
 */
public class HistoryQuery {

    /** What a tenant-wide analysis answers when the instance runs as many as it allows ({@code AnalysisGate}). */
    static final String BUSY_EXAMPLE = "{\"type\":\"https://uptake.dev/problems/analysis-busy\",\"title\":\"Analyses busy\",\"status\":503,\"detail\":\"2 tenant-wide analyses are running on this instance; ask again in a moment.\"}";
    static final String BUSY = "Too many tenant-wide analyses running at once; ask again after Retry-After";

    @QueryParam("from")
    @Parameter(description = "First day (ISO date), with to: at most 366 days for metrics, 731 for analyses of history", example = "2026-11-01")
    public String from;

    @QueryParam("to")
    @Parameter(description = "Last day (ISO date), with from", example = "2026-11-23")
    public String to;

    @QueryParam("asOf")
    @Parameter(description = "Without from and to: the last day looked at (30 days for metrics unless window says otherwise, 365 for analyses of history); default today (UTC)", example = "2026-11-23")
    public String asOf;

    @QueryParam("tier")
    @Parameter(description = "Only accounts of this tier", example = "enterprise")
    public String tier;

    @QueryParam("industry")
    @Parameter(description = "Only accounts of this industry", example = "fintech")
    public String industry;

    /** The period of an analysis of history: from/to, or the 365 days up to asOf. */
    Window period(Windows windows) {
        return windows.period(from, to, asOf, 365);
    }

    /** The accounts' filter; {@code role} (null: any) narrows users where the analysis counts users. */
    MetricsService.Filter filter(String role) {
        return new MetricsService.Filter(tier, industry, role);
    }
}
