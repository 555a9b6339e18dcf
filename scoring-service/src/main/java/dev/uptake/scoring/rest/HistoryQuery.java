package dev.uptake.scoring.rest;

import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import dev.uptake.scoring.Window;
import dev.uptake.scoring.service.MetricsService;
import dev.uptake.scoring.service.Windows;

/** The query parameters every analysis of history shares: its period and the accounts it looks at. */
public class HistoryQuery {

    @QueryParam("from")
    @Parameter(description = "First day (ISO date), with to; at most 731 days before it", example = "2025-12-01")
    public String from;

    @QueryParam("to")
    @Parameter(description = "Last day (ISO date), with from", example = "2026-11-30")
    public String to;

    @QueryParam("asOf")
    @Parameter(description = "Instead of from and to: the last day of the 365 days looked at; default today (UTC)", example = "2026-11-30")
    public String asOf;

    @QueryParam("tier")
    @Parameter(description = "Only accounts of this tier", example = "enterprise")
    public String tier;

    @QueryParam("industry")
    @Parameter(description = "Only accounts of this industry", example = "fintech")
    public String industry;

    Window window(Windows windows) {
        return windows.period(from, to, asOf, 365);
    }

    /** The accounts' filter; {@code role} (null: any) narrows users where the analysis counts users. */
    MetricsService.Filter filter(String role) {
        return new MetricsService.Filter(tier, industry, role);
    }
}
