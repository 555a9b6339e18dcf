package dev.uptake.scoring.rest;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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
import dev.uptake.scoring.service.AccountQueries;
import dev.uptake.scoring.service.MetricsService;
import dev.uptake.scoring.service.UserQueries;
import dev.uptake.scoring.service.Windows;
import io.smallrye.mutiny.Uni;

@Path("/v1/accounts")
@Tag(name = "Accounts", description = "Per-account usage, kept up to date within seconds of each event")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "No valid key",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                examples = @ExampleObject(value = "{\"type\":\"https://uptake.dev/problems/unauthorized\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"Call Uptake through the gateway with an API key.\"}")))
public class AccountResource {

    private final AccountQueries queries;
    private final UserQueries users;
    private final MetricsService metrics;
    private final Windows windows;
    private final Caller caller;

    public AccountResource(AccountQueries queries, UserQueries users, MetricsService metrics, Windows windows,
            Caller caller) {
        this.queries = queries;
        this.users = users;
        this.metrics = metrics;
        this.windows = windows;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "List accounts", description = "Filtered by tier, industry, CSM and segment; sorted (ties by account id); page with cursor.")
    @APIResponse(responseCode = "200", description = "A page of accounts",
            content = @Content(schema = @Schema(implementation = AccountPage.class), examples = @ExampleObject(value = "{\"items\":[{\"accountId\":\"acme\",\"name\":\"Acme Corp\",\"eventCount\":12,\"firstSeenAt\":\"2026-11-20T09:00:00Z\",\"lastSeenAt\":\"2026-11-23T10:00:00Z\"}],\"nextCursor\":\"YWNtZQ\"}")))
    @APIResponse(responseCode = "400", description = "limit out of range, an unknown sort or segment, or a cursor not issued by this API",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(value = "{\"type\":\"https://uptake.dev/problems/invalid-parameter\",\"title\":\"Invalid parameter\",\"status\":400,\"detail\":\"limit must be between 1 and 200.\"}")))
    public Uni<AccountPage> list(@QueryParam("limit") @DefaultValue("50") int limit, @QueryParam("cursor") String cursor,
            @Parameter(description = "accountId (default), name, eventCount, mrr, seats or lastSeenAt; prefix - for descending", example = "-mrr")
            @QueryParam("sort") String sort,
            @QueryParam("tier") String tier, @QueryParam("industry") String industry, @QueryParam("csm") String csm,
            @Parameter(description = "power, casual, at-risk, dormant or new") @QueryParam("segment") String segment) {
        return queries.accounts(caller.tenantId(), limit, cursor, sort,
                new AccountQueries.ListFilter(tier, industry, csm, segment)).map(page -> new AccountPage(
                page.items().stream().map(AccountView::from).toList(), page.nextCursor()));
    }

    @GET
    @Path("/{accountId}")
    @Operation(summary = "One account's profile and usage metrics", description = "Metrics cover the window (default the 30 days up to today); role narrows them to users of that role.")
    @APIResponse(responseCode = "200", description = "The account",
            content = @Content(schema = @Schema(implementation = AccountView.class), examples = @ExampleObject(value = "{\"accountId\":\"acme\",\"name\":\"Acme Corp\",\"eventCount\":12,\"firstSeenAt\":\"2026-11-20T09:00:00Z\",\"lastSeenAt\":\"2026-11-23T10:00:00Z\",\"traits\":{\"plan\":\"enterprise\"}}")))
    @APIResponse(responseCode = "400", description = "Invalid window, date or role",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(value = "{\"type\":\"https://uptake.dev/problems/invalid-parameter\",\"title\":\"Invalid parameter\",\"status\":400,\"detail\":\"window must be 7d, 30d or 90d.\"}")))
    @APIResponse(responseCode = "404", description = "No such account in the caller's tenant",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(value = "{\"type\":\"https://uptake.dev/problems/not-found\",\"title\":\"Not found\",\"status\":404,\"detail\":\"No account acme has been seen.\",\"instance\":\"/v1/accounts/acme\"}")))
    public Uni<AccountView> get(@PathParam("accountId") String accountId, @BeanParam MetricsQuery query) {
        var window = windows.parse(query.window, query.from, query.to, query.asOf);
        var filter = new MetricsService.Filter(null, null, query.role);
        return queries.account(caller.tenantId(), accountId).chain(account -> metrics.loadAccount(caller.tenantId(), account, window)
                .map(data -> AccountView.from(account, metrics.forAccount(data, accountId, filter))));
    }

    @GET
    @Path("/{accountId}/users")
    @Operation(summary = "The account's users", description = "Everyone who has belonged to the account, ordered by user id; page with cursor.")
    @APIResponse(responseCode = "200", description = "A page of users",
            content = @Content(schema = @Schema(implementation = UserPage.class), examples = @ExampleObject(value = USER_PAGE_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "limit out of range or cursor not issued by this API",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(value = "{\"type\":\"https://uptake.dev/problems/invalid-parameter\",\"title\":\"Invalid parameter\",\"status\":400,\"detail\":\"limit must be between 1 and 200.\"}")))
    @APIResponse(responseCode = "404", description = "No such account in the caller's tenant",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(value = "{\"type\":\"https://uptake.dev/problems/not-found\",\"title\":\"Not found\",\"status\":404,\"detail\":\"No account acme has been seen.\"}")))
    public Uni<UserPage> users(@PathParam("accountId") String accountId,
            @QueryParam("limit") @DefaultValue("50") int limit, @QueryParam("cursor") String cursor) {
        return users.members(caller.tenantId(), accountId, limit, cursor).map(page -> new UserPage(
                page.items().stream().map(UserView::from).toList(), page.nextCursor()));
    }

    static final String USER_PAGE_EXAMPLE = "{\"items\":[{\"userId\":\"u-42\",\"email\":\"ada@acme.example\",\"role\":\"admin\",\"accountId\":\"acme\",\"memberships\":[{\"accountId\":\"acme\",\"since\":\"2026-02-01T09:00:00Z\"}],\"eventCount\":310}]}";
}
