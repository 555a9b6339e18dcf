package dev.uptake.scoring.service;

import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import dev.uptake.kit.problem.ProblemException;
import dev.uptake.scoring.Feature;
import dev.uptake.scoring.FeatureRetention;
import dev.uptake.scoring.Window;
import io.smallrye.mutiny.Uni;

/**
 * Does using a feature go with staying? Compares the retention of adopters and non-adopters among established users:
 * those first active long enough before the window's end to have adopted or lapsed, and back within days of starting
 * (so a one-day visit does not count as a lapse). Adoption counts only uses before the retention period, so staying
 * cannot be what made a user an adopter.
 */
@ApplicationScoped
public class RetentionService {

    private final HistoryReader history;
    private final FeatureService features;

    public RetentionService(HistoryReader history, FeatureService features) {
        this.history = history;
        this.features = features;
    }

    public Uni<FeatureRetention> retention(String tenantId, String key, Window window, String minLevel,
            FeatureRetention.Cohort cohort, MetricsService.Filter filter) {
        if (cohort.retentionDays() >= cohort.minTenureDays() || cohort.minTenureDays() > window.days()) {
            throw ProblemException.badRequest("invalid-parameter", "Invalid parameter",
                    "retentionDays must be below minTenureDays, and minTenureDays must fit in the window ("
                            + window.days() + " days).");
        }
        return features.get(tenantId, key).chain(feature -> {
            int minWeight = FeatureUse.minWeight(feature, minLevel);
            return Uni.combine().all().unis(history.accounts(tenantId), history.users(tenantId),
                    history.foldUserDays(tenantId, window.from(), window.to(),
                            () -> new Activity(window, feature, minWeight, cohort), Activity::add)).asTuple()
                    .map(found -> compute(found.getItem3(), found.getItem2(), found.getItem1(), minLevel, filter));
        });
    }

    /** Each user's active days in the window, the account first seen with them, and who adopted in time. */
    static final class Activity {
        final Window window;
        final Feature feature;
        final int minWeight;
        final FeatureRetention.Cohort cohort;
        final int retentionStart;
        final Map<String, BitSet> active = new HashMap<>();
        final Map<String, String> accountOf = new HashMap<>();
        final Set<String> adopters = new HashSet<>();

        Activity(Window window, Feature feature, int minWeight, FeatureRetention.Cohort cohort) {
            this.window = window;
            this.feature = feature;
            this.minWeight = minWeight;
            this.cohort = cohort;
            this.retentionStart = window.days() - cohort.retentionDays();
        }

        void add(UsageCalculator.Day day) {
            if (!window.contains(day.day()) || day.events() == 0) {
                return;
            }
            int offset = (int) ChronoUnit.DAYS.between(window.from(), day.day());
            active.computeIfAbsent(day.userId(), user -> new BitSet(window.days())).set(offset);
            if (day.accountId() != null) {
                accountOf.putIfAbsent(day.userId(), day.accountId());
            }
            if (offset < retentionStart && FeatureUse.uses(day, feature, minWeight) > 0) {
                adopters.add(day.userId());
            }
        }
    }

    static FeatureRetention compute(Activity activity, Map<String, Document> users, Map<String, Document> accounts,
            String minLevel, MetricsService.Filter filter) {
        Window window = activity.window;
        FeatureRetention.Cohort cohort = activity.cohort;
        int days = window.days();
        long[] adopting = new long[2];
        long[] notAdopting = new long[2];
        for (Map.Entry<String, BitSet> entry : activity.active.entrySet()) {
            String userId = entry.getKey();
            Document user = users.get(userId);
            String accountId = user != null && user.getString("accountId") != null ? user.getString("accountId")
                    : activity.accountOf.get(userId);
            Document account = accountId == null ? null : accounts.get(accountId);
            if (!filter.userMatches(user) || !filter.accountMatches(account)
                    || cohort.churnedAccountsExcluded() && Profiles.churnedBy(account, window.to())) {
                continue;
            }
            BitSet activeDays = entry.getValue();
            int first = activeDays.nextSetBit(0);
            int back = activeDays.nextSetBit(first + 1);
            if (first > days - cohort.minTenureDays() || back < 0 || back > first + cohort.returnWithinDays()) {
                continue;
            }
            long[] group = activity.adopters.contains(userId) ? adopting : notAdopting;
            group[0]++;
            int last = activeDays.previousSetBit(days - 1);
            group[1] += last >= activity.retentionStart ? 1 : 0;
        }
        return result(activity.feature.key(), window, minLevel, cohort, adopting, notAdopting);
    }

    private static FeatureRetention result(String key, Window window, String minLevel, FeatureRetention.Cohort cohort,
            long[] adopting, long[] notAdopting) {
        long established = adopting[0] + notAdopting[0];
        FeatureRetention.Group adopters = group(adopting);
        FeatureRetention.Group nonAdopters = group(notAdopting);
        boolean comparable = adopting[0] > 0 && notAdopting[0] > 0;
        Double lift = null;
        Double relative = null;
        Double pValue = null;
        if (comparable) {
            double p1 = (double) adopting[1] / adopting[0];
            double p2 = (double) notAdopting[1] / notAdopting[0];
            lift = Math.round((p1 - p2) * 1000) / 10.0;
            relative = p2 == 0 ? null : Math.round(p1 / p2 * 100) / 100.0;
            pValue = Statistics.twoProportionPValue(adopting[1], adopting[0], notAdopting[1], notAdopting[0]);
        }
        return new FeatureRetention(key, window, minLevel, cohort, established,
                UsageCalculator.percent(adopting[0], established), adopters, nonAdopters, lift, relative,
                pValue == null ? null : Math.round(pValue * 1e6) / 1e6, pValue == null ? null : pValue < 0.05);
    }

    private static FeatureRetention.Group group(long[] counts) {
        if (counts[0] == 0) {
            return new FeatureRetention.Group(0, 0, null, null);
        }
        return new FeatureRetention.Group(counts[0], counts[1], UsageCalculator.percent(counts[1], counts[0]),
                Statistics.percentInterval95(counts[1], counts[0]));
    }
}
