package dev.uptake.scoring.rest;

import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The query parameters every metrics endpoint shares. */
public class MetricsQuery {

    @QueryParam("window")
    @Parameter(description = "7d, 30d or 90d ending at asOf; default 30d", example = "30d")
    public String window;

    @QueryParam("from")
    @Parameter(description = "First day (ISO date), with to instead of window", example = "2026-11-01")
    public String from;

    @QueryParam("to")
    @Parameter(description = "Last day (ISO date), with from", example = "2026-11-23")
    public String to;

    @QueryParam("asOf")
    @Parameter(description = "Last day of a named window; default today (UTC)", example = "2026-11-23")
    public String asOf;

    @QueryParam("tier")
    @Parameter(description = "Only accounts of this tier", example = "enterprise")
    public String tier;

    @QueryParam("industry")
    @Parameter(description = "Only accounts of this industry", example = "fintech")
    public String industry;

    @QueryParam("role")
    @Parameter(description = "Only users of this role: admin, end-user, manager, executive", example = "admin")
    public String role;
}
