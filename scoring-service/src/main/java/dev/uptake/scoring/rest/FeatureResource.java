package dev.uptake.scoring.rest;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.uptake.kit.problem.Problem;
import dev.uptake.kit.security.Caller;
import dev.uptake.scoring.Adoption;
import dev.uptake.scoring.Feature;
import dev.uptake.scoring.FeatureRenewals;
import dev.uptake.scoring.FeatureRetention;
import dev.uptake.scoring.service.AdoptionService;
import dev.uptake.scoring.service.AnalysisGate;
import dev.uptake.scoring.service.MetricsService;
import dev.uptake.scoring.service.FeatureService;
import dev.uptake.scoring.service.RenewalService;
import dev.uptake.scoring.service.RetentionService;
import dev.uptake.scoring.service.Windows;
import io.smallrye.mutiny.Uni;

@Path("/v1/features")
@Tag(name = "Features", description = "The tenant's feature catalog: which events mean a feature is used, and what adoption is expected")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "No valid key",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                examples = @ExampleObject(value = "{\"type\":\"https://uptake.dev/problems/unauthorized\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"Call Uptake through the gateway with an API key.\"}")))
public class FeatureResource {

    static final String KEY_PATTERN = "[a-z0-9][a-z0-9_-]{0,63}";
    static final String FEATURE_EXAMPLE = "{\"key\":\"reports\",\"name\":\"Reports\",\"events\":[{\"event\":\"Report Built\"}],\"category\":\"core\",\"adoptionTarget\":80.0,\"impact\":\"high\",\"tags\":[\"value-driver\"],\"roles\":[],\"depthLevels\":[{\"name\":\"basic\",\"events\":[\"Report Viewed\"],\"weight\":40},{\"name\":\"advanced\",\"events\":[\"Report Built\"],\"weight\":90}],\"activityOnly\":false}";
    static final String NOT_FOUND_EXAMPLE = "{\"type\":\"https://uptake.dev/problems/not-found\",\"title\":\"Not found\",\"status\":404,\"detail\":\"No feature reports in the catalog.\",\"instance\":\"/v1/features/reports\"}";
    static final String INVALID_EXAMPLE = "{\"type\":\"https://uptake.dev/problems/validation\",\"title\":\"Invalid request\",\"status\":400,\"detail\":\"1 invalid field(s)\",\"instance\":\"/v1/features/reports\",\"errors\":[{\"path\":\"category\",\"message\":\"must match \\\"core|advanced|specialized\\\"\"}]}";

    private final FeatureService features;
    private final AdoptionService adoption;
    private final RetentionService retention;
    private final RenewalService renewals;
    private final Windows windows;
    private final Caller caller;
    private final AnalysisGate gate;

    public FeatureResource(FeatureService features, AdoptionService adoption, RetentionService retention,
            RenewalService renewals, Windows windows, Caller caller, AnalysisGate gate) {
        this.features = features;
        this.adoption = adoption;
        this.retention = retention;
        this.renewals = renewals;
        this.windows = windows;
        this.caller = caller;
        this.gate = gate;
    }

    @PUT
    @Path("/{key}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or replace a feature", description = "Category targets default to core 80 %, advanced 40 %, specialized 20 %.")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(schema = @Schema(implementation = FeatureView.class), examples = @ExampleObject(value = FEATURE_EXAMPLE)))
    @APIResponse(responseCode = "200", description = "Replaced",
            content = @Content(schema = @Schema(implementation = FeatureView.class), examples = @ExampleObject(value = FEATURE_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "Invalid key or body: a constraint broken, a field this request does not have, or a key in the body other than the path's",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(value = INVALID_EXAMPLE)))
    public Uni<Response> put(@PathParam("key") @Pattern(regexp = KEY_PATTERN) String key,
            @Valid @NotNull FeatureRequest request) {
        var feature = FeatureView.toFeature(key, request);
        return features.put(caller.tenantId(), feature, request.key()).map(created -> created
                ? Response.created(URI.create("/v1/features/" + key)).entity(FeatureView.from(feature)).build()
                : Response.ok(FeatureView.from(feature)).build());
    }

    @GET
    @Path("/{key}")
    @Operation(summary = "One feature")
    @APIResponse(responseCode = "200", description = "The feature",
            content = @Content(schema = @Schema(implementation = FeatureView.class), examples = @ExampleObject(value = FEATURE_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No such feature in the caller's catalog",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(value = NOT_FOUND_EXAMPLE)))
    public Uni<FeatureView> get(@PathParam("key") String key) {
        return features.get(caller.tenantId(), key).map(FeatureView::from);
    }

    @DELETE
    @Path("/{key}")
    @Operation(summary = "Remove a feature", description = "Its events show up again among discovered events.")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "No such feature in the caller's catalog",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(value = NOT_FOUND_EXAMPLE)))
    public Uni<Response> delete(@PathParam("key") String key) {
        return features.delete(caller.tenantId(), key).map(deleted -> Response.noContent().build());
    }

    @GET
    @Path("/discovered")
    @Operation(summary = "Events no feature maps", description = "Event names seen on the tenant's accounts, most frequent first.")
    @APIResponse(responseCode = "200", description = "Unmapped event names with counts",
            content = @Content(schema = @Schema(implementation = DiscoveredEvents.class), examples = @ExampleObject(value = "{\"items\":[{\"event\":\"Export Scheduled\",\"count\":412}]}")))
    @APIResponse(responseCode = "400", description = "limit out of range",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(value = "{\"type\":\"https://uptake.dev/problems/invalid-parameter\",\"title\":\"Invalid parameter\",\"status\":400,\"detail\":\"limit must be between 1 and 200.\"}")))
    public Uni<DiscoveredEvents> discovered(@QueryParam("limit") @DefaultValue("50") int limit) {
        return features.discovered(caller.tenantId(), limit).map(found -> new DiscoveredEvents(
                found.stream().map(item -> new DiscoveredEvents.Item(item.event(), item.count())).toList()));
    }

    @GET
    @Operation(summary = "List the catalog", description = "Ordered by key; page with cursor. Each feature carries its adoption over the last 30 days, the gap to its target and its priority quadrant.")
    @APIResponse(responseCode = "200", description = "A page of features",
            content = @Content(schema = @Schema(implementation = FeaturePage.class), examples = @ExampleObject(value = "{\"items\":[" + FEATURE_EXAMPLE + "]}")))
    @APIResponse(responseCode = "400", description = "limit out of range or cursor not issued by this API",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(value = "{\"type\":\"https://uptake.dev/problems/invalid-parameter\",\"title\":\"Invalid parameter\",\"status\":400,\"detail\":\"limit must be between 1 and 200.\"}")))
    @APIResponse(responseCode = "503", description = HistoryQuery.BUSY,
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(value = HistoryQuery.BUSY_EXAMPLE)))
    public Uni<FeaturePage> list(@QueryParam("limit") @DefaultValue("50") int limit, @QueryParam("cursor") String cursor) {
        return features.page(caller.tenantId(), limit, cursor).chain(page -> gate.run(() -> adoption
                .ratesOf(caller.tenantId(), page.items())).map(rates -> {
                    List<FeatureView> items = new ArrayList<>();
                    for (int i = 0; i < page.items().size(); i++) {
                        double rate = rates.get(i);
                        Feature feature = page.items().get(i);
                        // A login-only feature shows presence, not adoption: no rate, gap or priority to act on.
                        items.add(feature.activityOnly() ? FeatureView.from(feature)
                                : FeatureView.from(feature, rate, AdoptionService.gap(feature, rate),
                                        AdoptionService.priority(feature, rate)));
                    }
                    return new FeaturePage(items, page.nextCursor());
                }));
    }

    @GET
    @Path("/{key}/adoption")
    @Operation(summary = "Adoption of one feature", description = "Over the window (default the 30 days up to today), among the users active in it of the roles the feature is meant for; narrow with tier and role, and leave out users younger than minAgeDays. A login-only feature has no adoption priority.")
    @APIResponse(responseCode = "200", description = "The feature's adoption",
            content = @Content(schema = @Schema(implementation = Adoption.class), examples = @ExampleObject(value = "{\"key\":\"reports\",\"window\":{\"from\":\"2026-10-25\",\"to\":\"2026-11-23\"},\"targetUsers\":40,\"adopters\":25,\"adoptionRate\":62.5,\"accountAdoptionRate\":75.0,\"adopterFrequency\":{\"daily\":5,\"weekly\":12,\"monthly\":8},\"depthDistribution\":{\"none\":0,\"basic\":10,\"advanced\":15},\"averageDepth\":70.0,\"weeklyTrend\":[{\"from\":\"2026-11-17\",\"to\":\"2026-11-23\",\"activeUsers\":20,\"adopters\":12,\"rate\":60.0}],\"target\":80.0,\"gap\":17.5,\"nonAdoptersByTier\":{\"smb\":15},\"nonAdoptersByRole\":{\"end-user\":15},\"priority\":\"promote\"}")))
    @APIResponse(responseCode = "400", description = "Invalid window, date or role",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(value = "{\"type\":\"https://uptake.dev/problems/invalid-parameter\",\"title\":\"Invalid parameter\",\"status\":400,\"detail\":\"window must be 7d, 30d or 90d.\"}")))
    @APIResponse(responseCode = "404", description = "No such feature in the caller's catalog",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(value = NOT_FOUND_EXAMPLE)))
    @APIResponse(responseCode = "503", description = HistoryQuery.BUSY,
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(value = HistoryQuery.BUSY_EXAMPLE)))
    public Uni<Adoption> adoption(@PathParam("key") String key, @BeanParam MetricsQuery query,
            @QueryParam("minAgeDays") @Parameter(description = "Leave out users who signed up (or were first seen) fewer than this many days before the window's end", example = "14")
            @jakarta.validation.constraints.PositiveOrZero Integer minAgeDays) {
        var window = windows.parse(query.window, query.from, query.to, query.asOf);
        MetricsService.Filter filter = query.filter(query.role);
        return gate.run(() -> adoption.adoption(caller.tenantId(), key, window, filter,
                minAgeDays == null ? 0 : minAgeDays));
    }

    @GET
    @Path("/{key}/retention")
    @Operation(summary = "Retention of the feature's adopters against its non-adopters",
            description = "Among established users (first active at least minTenureDays before the window's end, and active again within returnWithinDays of that), the share still active in the window's last retentionDays, for the users who first used the feature before those days (also before the window) and for those who did not. Users of accounts whose churnedAt trait falls in or before the window are left out unless includeChurned=true. The window is from/to, or the 365 days up to asOf (default today); activity before it does not count.")
    @APIResponse(responseCode = "200", description = "Both groups' retention, their difference and its significance",
            content = @Content(schema = @Schema(implementation = FeatureRetention.class), examples = @ExampleObject(value = RETENTION_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "Invalid window, date, role, depth level or cohort days",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(value = "{\"type\":\"https://uptake.dev/problems/invalid-parameter\",\"title\":\"Invalid parameter\",\"status\":400,\"detail\":\"minLevel must be one of the depth levels of forecasting: [viewed, used, mastered].\"}")))
    @APIResponse(responseCode = "404", description = "No such feature in the caller's catalog",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(value = NOT_FOUND_EXAMPLE)))
    @APIResponse(responseCode = "503", description = HistoryQuery.BUSY,
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(value = HistoryQuery.BUSY_EXAMPLE)))
    public Uni<FeatureRetention> retention(@PathParam("key") String key, @BeanParam HistoryQuery query,
            @QueryParam("minLevel") @Parameter(description = "Count as adopters only users who reached this depth level or a deeper one; default any use of the feature's events", example = "used") String minLevel,
            @QueryParam("minTenureDays") @DefaultValue("120") @jakarta.validation.constraints.Min(2) int minTenureDays,
            @QueryParam("returnWithinDays") @DefaultValue("14") @jakarta.validation.constraints.Min(1) int returnWithinDays,
            @QueryParam("retentionDays") @DefaultValue("30") @jakarta.validation.constraints.Min(1) int retentionDays,
            @QueryParam("includeChurned") @DefaultValue("false") boolean includeChurned,
            @QueryParam("role") @Parameter(description = "Only users of this role: admin, end-user, manager, executive", example = "admin") String role) {
        return gate.run(() -> retention.retention(caller.tenantId(), key, query.period(windows), minLevel,
                new FeatureRetention.Cohort(minTenureDays, returnWithinDays, retentionDays, !includeChurned),
                query.filter(role)));
    }

    @GET
    @Path("/{key}/renewals")
    @Operation(summary = "Renewal rate by how much accounts used the feature before renewing",
            description = "Every renewal dated in the window (from/to, or the 365 days up to asOf), from the accounts' renewalOutcome and lastRenewalDate traits, in the band of the account's uses of the feature in the usageDays before the renewal date; churned is not renewed, any other outcome is. The no-use band comes first.")
    @APIResponse(responseCode = "200", description = "Renewals and renewal rate per usage band",
            content = @Content(schema = @Schema(implementation = FeatureRenewals.class), examples = @ExampleObject(value = RENEWALS_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "Invalid window, date, tier, depth level or bands",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(value = "{\"type\":\"https://uptake.dev/problems/invalid-parameter\",\"title\":\"Invalid parameter\",\"status\":400,\"detail\":\"bands must be contiguous ranges from 1 with an open-ended last one, such as 1-5,6-10,11-15,16+.\"}")))
    @APIResponse(responseCode = "404", description = "No such feature in the caller's catalog",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(value = NOT_FOUND_EXAMPLE)))
    @APIResponse(responseCode = "503", description = HistoryQuery.BUSY,
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(value = HistoryQuery.BUSY_EXAMPLE)))
    public Uni<FeatureRenewals> renewals(@PathParam("key") String key, @BeanParam HistoryQuery query,
            @QueryParam("minLevel") @Parameter(description = "Count only the events of this depth level and deeper ones; default every event of the feature", example = "used") String minLevel,
            @QueryParam("bands") @DefaultValue("1-5,6-10,11-15,16+") @Parameter(description = "Usage bands, contiguous from 1, the last open-ended") String bands,
            @QueryParam("usageDays") @DefaultValue("30") @jakarta.validation.constraints.Min(1) @jakarta.validation.constraints.Max(366) int usageDays) {
        return gate.run(() -> renewals.byUsage(caller.tenantId(), key, query.period(windows), minLevel,
                RenewalService.UsageBand.parse(bands), usageDays, query.filter(null)));
    }

    static final String RENEWALS_EXAMPLE = "{\"key\":\"forecasting\",\"window\":{\"from\":\"2025-12-01\",\"to\":\"2026-11-30\"},\"minLevel\":\"used\",\"usageDays\":30,\"renewals\":245,\"renewed\":150,\"rate\":61.2,\"bands\":[{\"band\":\"0\",\"minUses\":0,\"maxUses\":0,\"renewals\":60,\"renewed\":25,\"rate\":41.7,\"interval95\":[29.9,54.5]},{\"band\":\"16+\",\"minUses\":16,\"renewals\":40,\"renewed\":32,\"rate\":80.0,\"interval95\":[65.2,89.5]}]}";

    static final String RETENTION_EXAMPLE = "{\"key\":\"forecasting\",\"window\":{\"from\":\"2025-12-01\",\"to\":\"2026-11-30\"},\"minLevel\":\"used\",\"cohort\":{\"minTenureDays\":120,\"returnWithinDays\":14,\"retentionDays\":30,\"churnedAccountsExcluded\":true},\"established\":1120,\"adoptionRate\":37.1,\"adopters\":{\"users\":415,\"retained\":390,\"rate\":94.0,\"interval95\":[91.3,95.9]},\"nonAdopters\":{\"users\":705,\"retained\":477,\"rate\":67.7,\"interval95\":[64.1,71.0]},\"lift\":26.3,\"relativeRetention\":1.39,\"pValue\":0.0,\"significant\":true}";
}
