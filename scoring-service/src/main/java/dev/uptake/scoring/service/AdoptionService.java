package dev.uptake.scoring.service;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import dev.uptake.scoring.Adoption;
import dev.uptake.scoring.Feature;
import dev.uptake.scoring.Window;
import dev.uptake.scoring.config.ScoringConfig;
import dev.uptake.scoring.repository.Ids;
import io.smallrye.mutiny.Uni;

/** Feature adoption over a target population, breadth of feature use, and the impact × adoption quadrant. */
@ApplicationScoped
public class AdoptionService {

    /** Who adoption counts, and what it narrows them by: role, signup, tier and industry, and active months. */
    private static final List<String> USER_FIELDS = Profiles.userFieldsAnd(ActiveMonths.FIELD);

    private static final MetricsService.Filter ANYONE = new MetricsService.Filter(null, null, null);

    private final HistoryReader history;
    private final FeatureService features;
    private final SummaryBackfill summaries;
    private final Windows windows;
    private final ScoringConfig config;

    public AdoptionService(HistoryReader history, FeatureService features, SummaryBackfill summaries, Windows windows,
            ScoringConfig config) {
        this.history = history;
        this.features = features;
        this.summaries = summaries;
        this.windows = windows;
        this.config = config;
    }

    public Uni<Adoption> adoption(String tenantId, String key, Window window, MetricsService.Filter filter,
            int minAgeDays) {
        return features.get(tenantId, key).chain(feature -> activity(tenantId, window, List.of(feature))
                .map(data -> adoption(data, feature, filter, minAgeDays)));
    }

    /**
     * Each feature's adoption rate over the last 30 days, in the page's order, as {@link #adoption} gives it. Read from
     * the users' summaries (active days per month, last use of each event) rather than their days: only a user whose
     * last use is after the window (an event timestamped in the future) has its days read. From the days until the
     * summaries' backfill has finished.
     */
    public Uni<List<Double>> ratesOf(String tenantId, List<Feature> page) {
        if (page.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Window last30 = Window.lastDays(windows.today(), 30);
        return summaries.complete().chain(complete -> complete ? ratesFromSummaries(tenantId, page, last30)
                : activity(tenantId, last30, page).map(data -> page.stream()
                        .map(feature -> adoption(data, feature, ANYONE, 0).adoptionRate()).toList()));
    }

    private Uni<List<Double>> ratesFromSummaries(String tenantId, List<Feature> page, Window window) {
        List<String> fields = new ArrayList<>(List.of("userId", "role", ActiveMonths.FIELD));
        page.forEach(feature -> feature.events().forEach(match ->
                fields.add(RollupService.LAST_USED + "." + Ids.field(match.counterKey()))));
        return history.users(tenantId, fields).chain(users -> {
            Map<String, Document> active = new HashMap<>();
            users.forEach((userId, user) -> {
                if (!ActiveMonths.within(user, window).isEmpty()) {
                    active.put(userId, user);
                }
            });
            // Per feature, where each of its target users' last use falls.
            String from = window.from().toString();
            String to = window.to().toString();
            List<Map<String, Use>> uses = page.stream().map(feature -> {
                Map<String, Use> ofTarget = new HashMap<>();
                active.forEach((userId, user) -> {
                    if (inRoles(feature, user)) {
                        ofTarget.put(userId, lastUse(feature, user, from, to));
                    }
                });
                return ofTarget;
            }).toList();
            Map<String, Document> unsure = new HashMap<>();
            uses.forEach(ofTarget -> ofTarget.forEach((userId, use) -> {
                if (use == Use.AFTER) {
                    unsure.put(userId, active.get(userId));
                }
            }));
            Uni<List<UsageCalculator.Day>> unsureDays = unsure.isEmpty() ? Uni.createFrom().item(List.of())
                    : history.userDaysIn(tenantId, unsure, window, FeatureUse.counters(page));
            return unsureDays.map(days -> {
                List<Double> rates = new ArrayList<>();
                for (int i = 0; i < page.size(); i++) {
                    Feature feature = page.get(i);
                    Set<String> usedByUnsure = new HashSet<>();
                    days.stream().filter(day -> window.contains(day.day()) && day.events() > 0 && day.uses(feature) > 0)
                            .forEach(day -> usedByUnsure.add(day.userId()));
                    Map<String, Use> ofTarget = uses.get(i);
                    long adopters = ofTarget.entrySet().stream().filter(entry -> entry.getValue() == Use.WITHIN
                            || entry.getValue() == Use.AFTER && usedByUnsure.contains(entry.getKey())).count();
                    rates.add(UsageCalculator.percent(adopters, ofTarget.size()));
                }
                return rates;
            });
        });
    }

    /** Where the user's last use of any of the feature's events falls: in the window says it was used in it. */
    private enum Use { NONE_OR_BEFORE, WITHIN, AFTER }

    /** {@code from} and {@code to} are the window's ISO days, which compare as the stored last uses do. */
    private static Use lastUse(Feature feature, Document user, String from, String to) {
        Document lastUsed = user.get(RollupService.LAST_USED, new Document());
        Use use = Use.NONE_OR_BEFORE;
        for (Feature.EventMatch match : feature.events()) {
            String day = lastUsed.getString(Ids.field(match.counterKey()));
            if (day == null || day.compareTo(from) < 0) {
                continue;
            }
            if (day.compareTo(to) <= 0) {
                return Use.WITHIN;
            }
            use = Use.AFTER;
        }
        return use;
    }

    private static boolean inRoles(Feature feature, Document user) {
        return feature.roles().isEmpty() || feature.roles().contains(user.getString("role"));
    }

    /** The adoption target less the rate, as {@link #adoption} gives it. */
    public static double gap(Feature feature, double rate) {
        return round(feature.adoptionTarget() - rate);
    }

    /**
     * The tenant's accounts and users, and the users' days in the window with only the counters of {@code wanted}
     * (its events, and its depth levels'): no sessions, and no scan of the tenant's day documents.
     */
    private Uni<MetricsService.Data> activity(String tenantId, Window window, List<Feature> wanted) {
        return Uni.combine().all().unis(history.accounts(tenantId, Profiles.ACCOUNT_FIELDS),
                        history.users(tenantId, USER_FIELDS)).asTuple()
                .chain(found -> history.userDaysIn(tenantId, found.getItem2(), window, FeatureUse.counters(wanted))
                        .map(days -> new MetricsService.Data(window, found.getItem1(), found.getItem2(), days,
                                List.of(), wanted)));
    }

    Adoption adoption(MetricsService.Data data, Feature feature, MetricsService.Filter filter, int minAgeDays) {
        Window window = data.window();
        // Users younger than this were not around long enough to adopt anything; with 0 everyone counts.
        java.time.Instant bornBefore = window.to().plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                .minus(java.time.Duration.ofDays(minAgeDays));
        Map<String, Set<LocalDate>> activeDays = new HashMap<>();
        Map<String, Set<LocalDate>> useDays = new HashMap<>();
        Map<String, Integer> depth = new HashMap<>();
        Map<String, String> accountOf = new HashMap<>();
        List<UsageCalculator.Day> targetDays = new ArrayList<>();
        for (UsageCalculator.Day day : data.days()) {
            if (!window.contains(day.day()) || day.events() == 0 || !inTarget(data, feature, filter, day)
                    || minAgeDays > 0 && !oldEnough(data.users().get(day.userId()), bornBefore)) {
                continue;
            }
            targetDays.add(day);
            activeDays.computeIfAbsent(day.userId(), u -> new HashSet<>()).add(day.day());
            if (day.accountId() != null) {
                accountOf.put(day.userId(), day.accountId());
            }
            if (day.uses(feature) > 0) {
                useDays.computeIfAbsent(day.userId(), u -> new HashSet<>()).add(day.day());
            }
        }
        // Only adopters have a depth; any of their days in the target can reach a level, used that day or not.
        if (!feature.depthLevels().isEmpty()) {
            targetDays.stream().filter(day -> useDays.containsKey(day.userId()))
                    .forEach(day -> depth.merge(day.userId(), day.depth(feature), Math::max));
        }
        long target = activeDays.size();
        long adopters = useDays.size();
        double rate = UsageCalculator.percent(adopters, target);
        Set<String> activeAccounts = new HashSet<>(accountOf.values());
        Set<String> adoptingAccounts = new HashSet<>();
        useDays.keySet().forEach(user -> {
            if (accountOf.containsKey(user)) {
                adoptingAccounts.add(accountOf.get(user));
            }
        });
        Map<String, Long> nonAdoptersByTier = new TreeMap<>();
        Map<String, Long> nonAdoptersByRole = new TreeMap<>();
        for (String user : activeDays.keySet()) {
            if (!useDays.containsKey(user)) {
                Document account = data.accounts().get(accountOf.get(user));
                String tier = account == null || account.getString("tier") == null ? "unknown" : account.getString("tier");
                Document profile = data.users().get(user);
                String role = profile == null || profile.getString("role") == null ? "unknown" : profile.getString("role");
                nonAdoptersByTier.merge(tier, 1L, Long::sum);
                nonAdoptersByRole.merge(role, 1L, Long::sum);
            }
        }
        return new Adoption(feature.key(), window, target, adopters, rate,
                UsageCalculator.percent(adoptingAccounts.size(), activeAccounts.size()),
                adopterFrequency(window, useDays),
                feature.depthLevels().isEmpty() ? null : depthDistribution(feature, useDays.keySet(), depth),
                feature.depthLevels().isEmpty() ? null : averageDepth(useDays.keySet(), depth),
                weeklyTrend(window, activeDays, useDays), feature.adoptionTarget(),
                gap(feature, rate), nonAdoptersByTier, nonAdoptersByRole,
                feature.activityOnly() ? null : priority(feature, rate));
    }

    /** Signed up (or, without a signup date, first seen) before {@code bornBefore}. */
    private static boolean oldEnough(Document user, java.time.Instant bornBefore) {
        if (user == null) {
            return false;
        }
        java.time.Instant since = Profiles.since(user);
        return since != null && since.isBefore(bornBefore);
    }

    private static boolean inTarget(MetricsService.Data data, Feature feature, MetricsService.Filter filter,
            UsageCalculator.Day day) {
        Document user = data.users().get(day.userId());
        if (!feature.roles().isEmpty() && (user == null || !feature.roles().contains(user.getString("role")))) {
            return false;
        }
        return filter.userMatches(user)
                && filter.accountMatches(day.accountId() == null ? null : data.accounts().get(day.accountId()));
    }

    private Map<String, Long> adopterFrequency(Window window, Map<String, Set<LocalDate>> useDays) {
        int dailyMin = UsageCalculator.scaled(config.frequency().dailyMinDays(), window);
        int weeklyMin = UsageCalculator.scaled(4, window);
        Map<String, Long> frequency = new LinkedHashMap<>();
        List.of("daily", "weekly", "monthly").forEach(band -> frequency.put(band, 0L));
        useDays.values().forEach(days -> frequency.merge(days.size() >= dailyMin ? "daily"
                : days.size() >= weeklyMin ? "weekly" : "monthly", 1L, Long::sum));
        return frequency;
    }

    private static Map<String, Long> depthDistribution(Feature feature, Set<String> adopters, Map<String, Integer> depth) {
        Map<String, Long> distribution = new LinkedHashMap<>();
        distribution.put("none", 0L);
        feature.depthLevels().forEach(level -> distribution.put(level.name(), 0L));
        for (String user : adopters) {
            int weight = depth.getOrDefault(user, 0);
            String level = feature.depthLevels().stream().filter(candidate -> candidate.weight() == weight)
                    .map(Feature.DepthLevel::name).findFirst().orElse("none");
            distribution.merge(level, 1L, Long::sum);
        }
        return distribution;
    }

    private static Double averageDepth(Set<String> adopters, Map<String, Integer> depth) {
        return round(adopters.stream().mapToInt(user -> depth.getOrDefault(user, 0)).average().orElse(0));
    }

    /** Weeks ending on the window's last day and every 7 days before it, the first cut at the window's start. */
    private static List<Adoption.WeeklyRate> weeklyTrend(Window window, Map<String, Set<LocalDate>> activeDays,
            Map<String, Set<LocalDate>> useDays) {
        int weeks = (int) ((window.days() + 6) / 7);
        long[] active = usersByWeek(window, activeDays, weeks);
        long[] adopters = usersByWeek(window, useDays, weeks);
        List<Adoption.WeeklyRate> trend = new ArrayList<>();
        for (int week = weeks - 1; week >= 0; week--) {
            LocalDate end = window.to().minusDays(7L * week);
            LocalDate start = end.minusDays(6).isBefore(window.from()) ? window.from() : end.minusDays(6);
            trend.add(new Adoption.WeeklyRate(start, end, active[week], adopters[week],
                    UsageCalculator.percent(adopters[week], active[week])));
        }
        return trend;
    }

    /** Per week, counted back from the window's end, the users with a day in it: each user's days are read once. */
    private static long[] usersByWeek(Window window, Map<String, Set<LocalDate>> daysByUser, int weeks) {
        long[] users = new long[weeks];
        BitSet inWeek = new BitSet(weeks);
        long last = window.to().toEpochDay();
        for (Set<LocalDate> days : daysByUser.values()) {
            inWeek.clear();
            days.forEach(day -> inWeek.set((int) ((last - day.toEpochDay()) / 7)));
            inWeek.stream().forEach(week -> users[week]++);
        }
        return users;
    }

    /** Impact × adoption: high impact below target is promoted; anything else at target is maintained or watched. */
    public static String priority(Feature feature, double rate) {
        boolean highImpact = "high".equals(feature.impact());
        boolean onTarget = rate >= feature.adoptionTarget();
        if (highImpact) {
            return onTarget ? "maintain" : "promote";
        }
        return onTarget ? "monitor" : "deprioritize";
    }

    static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
