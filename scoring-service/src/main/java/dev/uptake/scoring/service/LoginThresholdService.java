package dev.uptake.scoring.service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import dev.uptake.scoring.LoginThreshold;
import dev.uptake.scoring.Window;
import dev.uptake.scoring.repository.FeatureCatalog;
import io.smallrye.mutiny.Uni;

/**
 * Calibrates a login threshold on the tenant's renewal history: for every renewal, the account's logins (events of
 * its login-only features) in the days before it, per week and per user who had joined before those days; then the
 * level that puts the most renewals on their side, renewed at or above and churned below.
 */
@ApplicationScoped
public class LoginThresholdService {

    private final HistoryReader history;
    private final FeatureCatalog catalog;

    public LoginThresholdService(HistoryReader history, FeatureCatalog catalog) {
        this.history = history;
        this.catalog = catalog;
    }

    /** One renewal's logins per user per week before it, and whether it renewed. */
    record Measured(double loginsPerUserWeek, boolean renewed) {
    }

    public Uni<LoginThreshold> calibrate(String tenantId, Window window, int windowDays, Double threshold,
            MetricsService.Filter filter) {
        return catalog.allOf(tenantId).chain(features -> {
            Set<String> loginEvents = FeatureUse.loginEvents(features);
            return Uni.combine().all().unis(history.accounts(tenantId, Profiles.ACCOUNT_FIELDS),
                            history.users(tenantId, Profiles.USER_FIELDS)).asTuple()
                    .chain(found -> {
                        List<RenewalHistory.Renewal> renewals = RenewalHistory.dated(found.getItem1().values(), window,
                                filter);
                        return history.foldDaysBefore(tenantId, renewals, windowDays, List.copyOf(loginEvents),
                                DailyCounts::new,
                                (logins, day) -> logins.add(day, loginEvents.stream()
                                        .mapToLong(name -> day.counts().getOrDefault(name, 0L)).sum()))
                                .map(logins -> {
                                    List<Measured> measured = new ArrayList<>();
                                    long unmeasured = measure(windowDays, renewals, found.getItem2().values(), logins,
                                            measured);
                                    return calibrate(window, windowDays, measured, unmeasured, threshold);
                                });
                    });
        });
    }

    static long measure(int windowDays, List<RenewalHistory.Renewal> renewals,
            java.util.Collection<Document> userDocuments, DailyCounts logins, List<Measured> out) {
        Map<String, List<Instant>> joined = new HashMap<>();
        for (Document user : userDocuments) {
            // Neither signup nor first seen known: the user counts as there all along.
            Instant since = Profiles.since(user);
            for (String account : memberships(user)) {
                joined.computeIfAbsent(account, a -> new ArrayList<>()).add(since);
            }
        }
        long unmeasured = 0;
        for (RenewalHistory.Renewal renewal : renewals) {
            LocalDate from = renewal.date().minusDays(windowDays);
            Instant fromStart = from.atStartOfDay(ZoneOffset.UTC).toInstant();
            long members = joined.getOrDefault(renewal.accountId(), List.of()).stream()
                    .filter(since -> since == null || since.isBefore(fromStart)).count();
            if (members == 0) {
                unmeasured++;
                continue;
            }
            long count = logins.sum(renewal.accountId(), from, renewal.date());
            out.add(new Measured(count / (windowDays / 7.0) / members, renewal.renewed()));
        }
        return unmeasured;
    }

    @SuppressWarnings("unchecked")
    private static List<String> memberships(Document user) {
        List<String> accounts = (List<String>) user.get("accounts");
        if (accounts != null && !accounts.isEmpty()) {
            return accounts;
        }
        return user.getString("accountId") == null ? List.of() : List.of(user.getString("accountId"));
    }

    static LoginThreshold calibrate(Window window, int windowDays, List<Measured> measured, long unmeasured,
            Double asked) {
        List<Measured> sorted = new ArrayList<>(measured);
        sorted.sort(Comparator.comparingDouble(Measured::loginsPerUserWeek));
        Double best = bestThreshold(sorted);
        long separated = best == null ? 0 : separatedBy(sorted, best);
        long[] below = new long[2];
        long[] above = new long[2];
        for (Measured renewal : sorted) {
            long[] side = best != null && renewal.loginsPerUserWeek() >= best ? above : below;
            side[0]++;
            side[1] += renewal.renewed() ? 1 : 0;
        }
        LoginThreshold.Evaluated evaluated = asked == null ? null : new LoginThreshold.Evaluated(asked,
                separatedBy(sorted, asked), UsageCalculator.percent(separatedBy(sorted, asked), sorted.size()));
        return new LoginThreshold(window, windowDays, sorted.size(), unmeasured, best == null ? null : round(best),
                separated, UsageCalculator.percent(separated, sorted.size()), side(below), side(above),
                median(sorted, true), median(sorted, false), evaluated);
    }

    /**
     * Every threshold between two neighbouring distinct values separates alike; of the best run of such gaps (the
     * lowest run, when several tie) this is the middle, so the threshold stays clear of both sides' edge cases.
     */
    private static Double bestThreshold(List<Measured> sorted) {
        if (sorted.isEmpty()) {
            return null;
        }
        List<Double> values = sorted.stream().map(Measured::loginsPerUserWeek).distinct().toList();
        // Candidate j: at or below the lowest value (j = 0), between values j-1 and j, or above the highest.
        double[] candidates = new double[values.size() + 1];
        long[] separated = new long[values.size() + 1];
        separated[0] = sorted.stream().filter(Measured::renewed).count();
        candidates[0] = values.get(0);
        int next = 0;
        for (int j = 1; j <= values.size(); j++) {
            candidates[j] = j == values.size() ? values.get(j - 1) + 1 : (values.get(j - 1) + values.get(j)) / 2;
            // Moving past value j-1 puts its renewals below the threshold: right for churns, wrong for renewals.
            separated[j] = separated[j - 1];
            for (; next < sorted.size() && sorted.get(next).loginsPerUserWeek() == values.get(j - 1); next++) {
                separated[j] += sorted.get(next).renewed() ? -1 : 1;
            }
        }
        int from = 0;
        for (int j = 1; j < separated.length; j++) {
            from = separated[j] > separated[from] ? j : from;
        }
        int to = from;
        while (to + 1 < separated.length && separated[to + 1] == separated[from]) {
            to++;
        }
        return (candidates[from] + candidates[to]) / 2;
    }

    static long separatedBy(List<Measured> renewals, double threshold) {
        return renewals.stream().filter(r -> r.renewed() == (r.loginsPerUserWeek() >= threshold)).count();
    }

    private static LoginThreshold.Side side(long[] counts) {
        return new LoginThreshold.Side(counts[0], counts[1],
                counts[0] == 0 ? null : UsageCalculator.percent(counts[1], counts[0]));
    }

    private static Double median(List<Measured> sorted, boolean renewed) {
        List<Double> values = sorted.stream().filter(r -> r.renewed() == renewed).map(Measured::loginsPerUserWeek).toList();
        if (values.isEmpty()) {
            return null;
        }
        int middle = values.size() / 2;
        return round(values.size() % 2 == 1 ? values.get(middle) : (values.get(middle - 1) + values.get(middle)) / 2);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
