package dev.uptake.scoring.rest;

import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The query parameters every metrics endpoint shares: a named window or from/to, and a role besides the accounts. */
public class MetricsQuery extends HistoryQuery {

    @QueryParam("window")
    @Parameter(description = "7d, 30d or 90d ending at asOf; default 30d", example = "30d")
    public String window;

    @QueryParam("role")
    @Parameter(description = "Only users of this role: admin, end-user, manager, executive", example = "admin")
    public String role;
}
