package dev.uptake.scoring.service;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import dev.uptake.kit.problem.ProblemException;
import dev.uptake.scoring.Feature;
import dev.uptake.scoring.Overview;
import dev.uptake.scoring.UsageMetrics;
import dev.uptake.scoring.Window;
import dev.uptake.scoring.config.ScoringConfig;
import dev.uptake.scoring.repository.FeatureCatalog;
import dev.uptake.scoring.repository.Ids;
import dev.uptake.scoring.repository.UserProfiles;
import io.smallrye.mutiny.Uni;

/** Loads a tenant's rollups for a window (one query per collection) and computes the usage metrics. */
@ApplicationScoped
public class MetricsService {

    public static final Set<String> ROLES = Set.of("admin", "end-user", "manager", "executive");
    /** What the metrics read of accounts (filters, seats) and users (filters, their active months). */
    private static final List<String> ACCOUNT_FIELDS = List.of("accountId", "tier", "industry", "seats");
    private static final List<String> USER_FIELDS = Profiles.userFieldsAnd(ActiveMonths.FIELD);

    private final UserProfiles users;
    private final FeatureCatalog catalog;
    private final AccountQueries accountQueries;
    private final AccountActivity accountActivity;
    private final HistoryReader history;
    private final ScoringConfig config;

    public MetricsService(UserProfiles users, FeatureCatalog catalog, AccountQueries accountQueries,
            AccountActivity accountActivity, HistoryReader history, ScoringConfig config) {
        this.users = users;
        this.catalog = catalog;
        this.accountQueries = accountQueries;
        this.accountActivity = accountActivity;
        this.history = history;
        this.config = config;
    }

    /** Filters on the population: account tier and industry, user role; null means any. */
    public record Filter(String tier, String industry, String role) {

        public Filter {
            if (role != null && !ROLES.contains(role)) {
                throw ProblemException.badRequest("invalid-parameter", "Invalid parameter",
                        "role must be one of admin, end-user, manager, executive.");
            }
        }

        boolean narrowsAccounts() {
            return tier != null || industry != null;
        }

        boolean accountMatches(Document account) {
            if (tier == null && industry == null) {
                return true;
            }
            return account != null && (tier == null || tier.equals(account.getString("tier")))
                    && (industry == null || industry.equals(account.getString("industry")));
        }

        boolean userMatches(Document user) {
            return role == null || user != null && role.equals(user.getString("role"));
        }
    }

    /** Everything the metrics of one tenant and window are computed from. */
    public record Data(Window window, Map<String, Document> accounts, Map<String, Document> users,
            List<UsageCalculator.Day> days, List<UsageCalculator.Session> sessions, List<Feature> features) {
    }

    /**
     * The tenant's accounts and users narrowed to what the metrics read, and the users' days (29 before the window, for
     * MAU) and sessions, with only the catalog's counters: read by id from user months ({@link HistoryReader}). Unless
     * {@code accountsBefore}, the days before the window say only who was active (no account, no counters).
     */
    private Uni<Data> load(String tenantId, Window window, boolean accountsBefore) {
        LocalDate firstDay = window.from().minusDays(UsageCalculator.MONTH_DAYS - 1);
        return catalog.allOf(tenantId).chain(features -> Uni.combine().all()
                .unis(history.accounts(tenantId, ACCOUNT_FIELDS), history.users(tenantId, USER_FIELDS)).asTuple()
                .chain(found -> history.activityIn(tenantId, found.getItem2(), firstDay,
                                accountsBefore ? firstDay : window.from(), window, FeatureUse.counters(features))
                        .map(activity -> new Data(window, found.getItem1(), found.getItem2(), activity.days(),
                                activity.sessions(), features))));
    }

    /**
     * What {@link #forAccount(Data, String, Filter)} needs for one account, and no more: its current members, the days
     * and sessions spent in it (also by users who have moved on since; read by id, see {@link AccountActivity}) and the
     * catalog. A single-account read then costs in proportion to the account, not the tenant.
     */
    public Uni<Data> loadAccount(String tenantId, Document account, Window window) {
        String accountId = account.getString("accountId");
        return Uni.combine().all().unis(users.currentlyIn(tenantId, accountId),
                        accountActivity.of(tenantId, accountId, window.from().minusDays(UsageCalculator.MONTH_DAYS - 1), window),
                        catalog.allOf(tenantId))
                .asTuple().flatMap(found -> {
                    Map<String, Document> members = byKey(found.getItem1(), "userId");
                    // Former members active here in the window: their profiles matter to a role filter.
                    Set<String> former = found.getItem2().days().stream().map(UsageCalculator.Day::userId)
                            .filter(userId -> userId != null && !members.containsKey(userId))
                            .map(userId -> Ids.of(tenantId, userId)).collect(Collectors.toSet());
                    return users.findAll(former).map(formerUsers -> {
                        Map<String, Document> all = new HashMap<>(members);
                        formerUsers.values().forEach(user -> all.put(user.getString("userId"), user));
                        return new Data(window, Map.of(accountId, account), all, found.getItem2().days(),
                                found.getItem2().sessions(), found.getItem3());
                    });
                });
    }

    public Uni<UsageMetrics> forAccount(String tenantId, String accountId, Window window, Filter filter) {
        return accountQueries.account(tenantId, accountId).chain(account -> loadAccount(tenantId, account, window))
                .map(data -> forAccount(data, accountId, filter));
    }

    public UsageMetrics forAccount(Data data, String accountId, Filter filter) {
        Predicate<String> userOk = userId -> filter.userMatches(data.users().get(userId));
        // Current members; users who moved away still count where they were active, through their days.
        List<String> population = data.users().values().stream()
                .filter(user -> accountId.equals(user.getString("accountId")))
                .map(user -> user.getString("userId")).filter(userOk).toList();
        List<UsageCalculator.Day> days = data.days().stream()
                .filter(day -> accountId.equals(day.accountId()) && userOk.test(day.userId())).toList();
        List<UsageCalculator.Session> accountSessions = data.sessions().stream()
                .filter(session -> accountId.equals(session.accountId()) && userOk.test(session.userId())).toList();
        return forAccount(data, accountId, population, days, accountSessions);
    }

    private UsageMetrics forAccount(Data data, String accountId, List<String> population,
            List<UsageCalculator.Day> days, List<UsageCalculator.Session> accountSessions) {
        return UsageCalculator.compute(data.window(), population, days, accountSessions, data.features(),
                seats(data, accountId), true, config, roles(data));
    }

    private static Long seats(Data data, String accountId) {
        Number seats = (Number) data.accounts().get(accountId).get("seats");
        return seats == null ? null : seats.longValue();
    }

    private static java.util.function.Function<String, String> roles(Data data) {
        return userId -> {
            Document user = data.users().get(userId);
            return user == null ? null : user.getString("role");
        };
    }

    /**
     * The breadth of the user's feature use in {@code window}, from the user's own days read by id: what a user's view
     * shows costs a window of reads, not the tenant's.
     */
    public Uni<UsageMetrics.Breadth> breadth(String tenantId, Document user, Window window) {
        String userId = user.getString("userId");
        List<String> dayIds = window.from().datesUntil(window.to().plusDays(1))
                .map(day -> Ids.of(tenantId, userId, day.toString())).toList();
        return catalog.allOf(tenantId).chain(features -> history.foldUserDaysById(dayIds,
                FeatureUse.counters(features), ArrayList<UsageCalculator.Day>::new, List::add)
                .map(days -> UsageCalculator.breadth(features, days, id -> user.getString("role"))));
    }

    /**
     * The 29 days before the window count only towards MAU, which needs who was active, not in which account or at
     * what: their user months are read only when a filter narrows the accounts, or when the accounts' utilization
     * (their last 30 days) reaches before a window shorter than that.
     */
    public Uni<Overview> overview(String tenantId, Window window, Filter filter) {
        return load(tenantId, window, filter.narrowsAccounts() || window.days() < UsageCalculator.MONTH_DAYS).map(data -> overview(data, filter));
    }

    private Overview overview(Data data, Filter filter) {
        Predicate<String> accountOk = accountId -> filter.accountMatches(
                accountId == null ? null : data.accounts().get(accountId));
        Predicate<String> userOk = userId -> filter.userMatches(data.users().get(userId));
        List<Document> members = data.users().values().stream()
                .filter(user -> accountOk.test(user.getString("accountId")) && userOk.test(user.getString("userId")))
                .toList();
        List<String> population = members.stream().map(user -> user.getString("userId")).toList();
        List<UsageCalculator.Day> days = data.days().stream()
                .filter(day -> accountOk.test(day.accountId()) && userOk.test(day.userId())).toList();
        List<UsageCalculator.Session> tenantSessions = data.sessions().stream()
                .filter(session -> accountOk.test(session.accountId()) && userOk.test(session.userId())).toList();
        UsageMetrics usage = UsageCalculator.compute(data.window(), population, days, tenantSessions, data.features(),
                null, false, config, roles(data));
        List<String> matchingAccounts = data.accounts().keySet().stream().filter(accountOk).sorted().toList();
        Map<String, Long> utilization = new LinkedHashMap<>();
        List.of("near-capacity", "healthy", "under-used", "unknown").forEach(flag -> utilization.put(flag, 0L));
        // Grouped once: filtering the tenant's days for each account was accounts times days.
        // Only each account's flag, as its own view computes it; the rest of an account's metrics is not shown here.
        Map<String, List<UsageCalculator.Day>> daysOf = days.stream().filter(day -> day.accountId() != null)
                .collect(Collectors.groupingBy(UsageCalculator.Day::accountId));
        for (String accountId : matchingAccounts) {
            utilization.merge(UsageCalculator.utilization(data.window().to(), daysOf.getOrDefault(accountId, List.of()),
                    seats(data, accountId), config).flag(), 1L, Long::sum);
        }
        return new Overview(matchingAccounts.size(), usage, utilization, durationBuckets(tenantSessions, data.window()));
    }

    private static Map<String, Long> durationBuckets(List<UsageCalculator.Session> sessions, Window window) {
        Map<String, Long> buckets = new LinkedHashMap<>();
        List.of("under-5m", "5-30m", "30-60m", "over-60m").forEach(bucket -> buckets.put(bucket, 0L));
        sessions.stream().filter(session -> window.contains(session.day())).forEach(session -> {
            long seconds = session.durationSeconds();
            String bucket = seconds < 300 ? "under-5m" : seconds < 1800 ? "5-30m" : seconds < 3600 ? "30-60m" : "over-60m";
            buckets.merge(bucket, 1L, Long::sum);
        });
        return buckets;
    }

    /** Documents by the value of {@code field}; those without it are left out. */
    static Map<String, Document> byKey(List<Document> documents, String field) {
        Map<String, Document> byKey = new HashMap<>();
        documents.stream().filter(document -> Objects.nonNull(document.getString(field)))
                .forEach(document -> byKey.put(document.getString(field), document));
        return byKey;
    }
}
