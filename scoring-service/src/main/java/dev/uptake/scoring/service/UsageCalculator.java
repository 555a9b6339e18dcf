package dev.uptake.scoring.service;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bson.Document;

import dev.uptake.scoring.Feature;
import dev.uptake.scoring.UsageMetrics;
import dev.uptake.scoring.Window;
import dev.uptake.scoring.config.ScoringConfig;
import dev.uptake.scoring.repository.Ids;

/**
 * Computes the usage metrics in Java over a tenant's user-day and session documents, which are small per tenant;
 * the MongoDB stand-in has no window functions, and the logic reads better here anyway.
 */
public final class UsageCalculator {

    /** The span of MAU, and of an account's utilization: the 30 days ending on a day. */
    static final int MONTH_DAYS = 30;

    private UsageCalculator() {
    }

    /** One user's activity on one day, as read from a user-day document. */
    public record Day(String userId, String accountId, LocalDate day, long events, Map<String, Long> counts) {

        public static Day of(Document document) {
            Map<String, Long> counts = new HashMap<>();
            document.get("ev", new Document()).forEach((name, n) -> counts.put(Ids.unfield(name), ((Number) n).longValue()));
            document.get("evp", new Document()).forEach((key, n) -> counts.put(Feature.EventMatch.BY_PROPERTY + Ids.unfield(key), ((Number) n).longValue()));
            Number events = (Number) document.get("events");
            return new Day(document.getString("userId"), document.getString("accountId"),
                    LocalDate.parse(document.getString("day")), events == null ? 0 : events.longValue(), counts);
        }

        /** How many of this day's events count as using the feature. */
        public long uses(Feature feature) {
            long uses = 0;
            for (Feature.EventMatch match : feature.events()) {
                uses += counts.getOrDefault(match.counterKey(), 0L);
            }
            return uses;
        }

        /** The deepest level's weight this day reaches, or 0. */
        public int depth(Feature feature) {
            int depth = 0;
            for (Feature.DepthLevel level : feature.depthLevels()) {
                if (level.events().stream().anyMatch(name -> counts.getOrDefault(name, 0L) > 0)) {
                    depth = Math.max(depth, level.weight());
                }
            }
            return depth;
        }
    }

    /** A session's start day, account and duration. */
    public record Session(String userId, String accountId, LocalDate day, long durationSeconds) {

        public static Session of(Document document) {
            return of(document.getString("userId"), document.getString("accountId"),
                    LocalDate.parse(document.getString("day")), document.getDate("start").getTime(),
                    document.getDate("end").getTime());
        }

        static Session of(String userId, String accountId, LocalDate day, long startMillis, long endMillis) {
            return new Session(shared(userId), shared(accountId), day, (endMillis - startMillis) / 1000);
        }

        /** One copy of each id however many sessions name it: a tenant's overview holds a window's sessions. */
        private static String shared(String id) {
            return id == null ? null : id.intern();
        }
    }

    /**
     * @param population users counted in the frequency bands even when inactive
     * @param days       activity of the population, covering at least 29 days before the window for MAU
     * @param seats      licensed seats when the population is one account, else null
     */
    public static UsageMetrics compute(Window window, Collection<String> population, List<Day> days,
            List<Session> sessions, List<Feature> features, Long seats, boolean forAccount, ScoringConfig config,
            java.util.function.Function<String, String> roleOf) {
        Map<String, Set<LocalDate>> activeDays = new HashMap<>();
        for (Day day : days) {
            if (window.contains(day.day()) && day.events() > 0) {
                activeDays.computeIfAbsent(day.userId(), u -> new HashSet<>()).add(day.day());
            }
        }
        Set<String> everyone = new HashSet<>(population);
        everyone.addAll(activeDays.keySet());
        UsageMetrics.Frequency frequency = frequency(window, everyone, activeDays, config);
        List<Session> inWindow = sessions.stream().filter(session -> window.contains(session.day())).toList();
        UsageMetrics.SessionStats sessionStats = sessionStats(inWindow, activeDays.size());
        List<UsageMetrics.FeatureUsage> featureUsage = features.stream().filter(feature -> !feature.activityOnly())
                .map(feature -> featureUsage(window, feature, days)).toList();
        UsageMetrics.Engagement engagement = engagement(window, days);
        UsageMetrics.Utilization utilization = forAccount ? utilization(window.to(), days, seats, config) : null;
        List<Day> windowDays = days.stream().filter(day -> window.contains(day.day())).toList();
        return new UsageMetrics(window, frequency, sessionStats, featureUsage, engagement, utilization,
                breadth(features, windowDays, roleOf));
    }

    /**
     * Breadth of a population's use over the whole catalog, and the mean of each user's own breadth over the features
     * relevant to the user's role ({@code roleOf}; null means every feature). Login-only features never count.
     */
    public static UsageMetrics.Breadth breadth(List<Feature> catalog, List<Day> days,
            java.util.function.Function<String, String> roleOf) {
        List<Feature> usage = catalog.stream().filter(feature -> !feature.activityOnly()).toList();
        Map<String, Set<String>> usedBy = new HashMap<>();
        for (Day day : days) {
            usedBy.computeIfAbsent(day.userId(), u -> new HashSet<>());
            for (Feature feature : usage) {
                if (day.uses(feature) > 0) {
                    usedBy.get(day.userId()).add(feature.key());
                }
            }
        }
        Set<String> used = new HashSet<>();
        usedBy.values().forEach(used::addAll);
        Map<String, List<String>> relevantByRole = new HashMap<>();
        double averageUser = usedBy.entrySet().stream().mapToDouble(entry -> {
            String role = roleOf.apply(entry.getKey());
            // One list per role, not per user: the catalog is filtered once for each role present.
            List<String> relevant = relevantByRole.computeIfAbsent(String.valueOf(role), ignored -> usage.stream()
                    .filter(feature -> feature.countsForBreadth(role)).map(Feature::key).toList());
            return relevant.isEmpty() ? 0
                    : 100.0 * relevant.stream().filter(entry.getValue()::contains).count() / relevant.size();
        }).average().orElse(0);
        return new UsageMetrics.Breadth(used.size(), usage.size(),
                usage.isEmpty() ? 0 : Math.round(1000.0 * used.size() / usage.size()) / 10.0,
                Math.round(averageUser * 10) / 10.0);
    }

    static int scaled(int perThirtyDays, Window window) {
        return Math.max(1, (int) Math.ceil(perThirtyDays * window.days() / 30.0));
    }

    private static UsageMetrics.Frequency frequency(Window window, Set<String> everyone,
            Map<String, Set<LocalDate>> activeDays, ScoringConfig config) {
        int dailyMin = scaled(config.frequency().dailyMinDays(), window);
        int frequentMin = scaled(config.frequency().frequentMinDays(), window);
        long daily = 0;
        long frequent = 0;
        long occasional = 0;
        long inactive = 0;
        for (String user : everyone) {
            int active = activeDays.getOrDefault(user, Set.of()).size();
            if (active >= dailyMin) {
                daily++;
            } else if (active >= frequentMin) {
                frequent++;
            } else if (active >= 1) {
                occasional++;
            } else {
                inactive++;
            }
        }
        long everyoneCount = everyone.size();
        Map<String, Double> shares = new java.util.LinkedHashMap<>();
        shares.put("daily", percent(daily, everyoneCount));
        shares.put("frequent", percent(frequent, everyoneCount));
        shares.put("occasional", percent(occasional, everyoneCount));
        shares.put("inactive", percent(inactive, everyoneCount));
        return new UsageMetrics.Frequency(daily, frequent, occasional, inactive, dailyMin, frequentMin, shares);
    }

    /** {@code part} of {@code whole} in percent, to one decimal; 0 of nothing. */
    static double percent(long part, long whole) {
        return whole == 0 ? 0 : Math.round(100.0 * part / whole * 10) / 10.0;
    }

    private static UsageMetrics.SessionStats sessionStats(List<Session> sessions, int activeUsers) {
        List<Long> durations = new ArrayList<>(sessions.stream().map(Session::durationSeconds).toList());
        durations.sort(Long::compare);
        double average = durations.stream().mapToLong(Long::longValue).average().orElse(0);
        return new UsageMetrics.SessionStats(sessions.size(), round(average), median(durations),
                activeUsers == 0 ? 0 : round((double) sessions.size() / activeUsers));
    }

    static double median(List<Long> sorted) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2.0;
    }

    private static UsageMetrics.FeatureUsage featureUsage(Window window, Feature feature, List<Day> days) {
        long uses = 0;
        Set<String> users = new HashSet<>();
        for (Day day : days) {
            if (window.contains(day.day())) {
                long dayUses = day.uses(feature);
                uses += dayUses;
                if (dayUses > 0) {
                    users.add(day.userId());
                }
            }
        }
        return new UsageMetrics.FeatureUsage(feature.key(), feature.name(), uses, users.size());
    }

    /**
     * DAU, WAU and MAU of each day of the window: the distinct users active on it, in the 7 and in the 30 days ending
     * on it. One pass over each user's days of the window and the 29 before it, however long the window.
     */
    static UsageMetrics.Engagement engagement(Window window, List<Day> days) {
        int lookBack = MONTH_DAYS - 1;
        LocalDate first = window.from().minusDays(lookBack);
        int length = (int) window.days() + lookBack;
        Map<String, BitSet> activeOn = new HashMap<>();
        for (Day day : days) {
            long offset = day.day().toEpochDay() - first.toEpochDay();
            if (day.events() > 0 && offset >= 0 && offset < length) {
                activeOn.computeIfAbsent(day.userId(), user -> new BitSet(length)).set((int) offset);
            }
        }
        long[] dau = new long[(int) window.days()];
        long[] wau = new long[dau.length];
        long[] mau = new long[dau.length];
        for (BitSet active : activeOn.values()) {
            int last = Integer.MIN_VALUE / 2;
            for (int at = 0; at < length; at++) {
                last = active.get(at) ? at : last;
                int index = at - lookBack;
                if (index >= 0) {
                    dau[index] += last == at ? 1 : 0;
                    wau[index] += at - last < 7 ? 1 : 0;
                    mau[index] += at - last < MONTH_DAYS ? 1 : 0;
                }
            }
        }
        List<UsageMetrics.DailyActive> series = new ArrayList<>();
        for (int index = 0; index < dau.length; index++) {
            series.add(new UsageMetrics.DailyActive(window.from().plusDays(index), dau[index], wau[index], mau[index]));
        }
        UsageMetrics.DailyActive last = series.get(series.size() - 1);
        double averageDau = series.stream().mapToLong(UsageMetrics.DailyActive::dau).average().orElse(0);
        return new UsageMetrics.Engagement(last.dau(), last.wau(), last.mau(),
                last.mau() == 0 ? 0 : round(averageDau / last.mau()), series);
    }

    /** An account's active users of the 30 days to {@code asOf} against its seats, and the flag that follows. */
    static UsageMetrics.Utilization utilization(LocalDate asOf, List<Day> days, Long seats,
            ScoringConfig config) {
        Window last30 = Window.lastDays(asOf, MONTH_DAYS);
        long active = days.stream().filter(day -> last30.contains(day.day()) && day.events() > 0)
                .map(Day::userId).distinct().count();
        if (seats == null || seats <= 0) {
            return new UsageMetrics.Utilization(active, seats, null, "unknown");
        }
        double rate = (double) active / seats;
        String flag = rate >= config.utilization().nearCapacity() ? "near-capacity"
                : rate < config.utilization().underUsed() ? "under-used" : "healthy";
        return new UsageMetrics.Utilization(active, seats, round(rate), flag);
    }

    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
