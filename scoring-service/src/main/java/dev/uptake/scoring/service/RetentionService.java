package dev.uptake.scoring.service;

import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;

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
 * (so a one-day visit does not count as a lapse). Adopters used the feature before the retention period began (at
 * any time before it, the window's start included), so staying cannot be what made a user an adopter.
 */
@ApplicationScoped
public class RetentionService {

    /** A user's whole document is mostly its counters: these are what retention reads. */
    private static final List<String> USER_FIELDS = Profiles.userFieldsAnd(ActiveMonths.FIELD, RollupService.FIRST_USED);

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
            return Uni.combine().all().unis(history.accounts(tenantId, Profiles.ACCOUNT_FIELDS),
                            history.users(tenantId, USER_FIELDS)).asTuple()
                    .map(found -> compute(feature, minWeight, window, cohort, found.getItem2().values(),
                            found.getItem1(), minLevel, filter));
        });
    }

    /**
     * Reads each user's summary (active days by month, first use of each event), never the user days: the cost grows
     * with the users, not with the days of history.
     */
    static FeatureRetention compute(Feature feature, int minWeight, Window window, FeatureRetention.Cohort cohort,
            Collection<Document> users, Map<String, Document> accounts, String minLevel, MetricsService.Filter filter) {
        int days = window.days();
        int retentionStart = days - cohort.retentionDays();
        String retentionStartDay = window.from().plusDays(retentionStart).toString();
        long[] adopting = new long[2];
        long[] notAdopting = new long[2];
        List<String> useKeys = FeatureUse.keys(feature, minWeight);
        for (Document user : users) {
            String accountId = user.getString("accountId");
            Document account = accountId == null ? null : accounts.get(accountId);
            if (!filter.userMatches(user) || !filter.accountMatches(account)
                    || cohort.churnedAccountsExcluded() && Profiles.churnedBy(account, window.to())) {
                continue;
            }
            BitSet activeDays = ActiveMonths.within(user, window);
            int first = activeDays.nextSetBit(0);
            int back = first < 0 ? -1 : activeDays.nextSetBit(first + 1);
            if (first < 0 || first > days - cohort.minTenureDays() || back < 0
                    || back > first + cohort.returnWithinDays()) {
                continue;
            }
            String firstUse = FeatureUse.firstUse(user, useKeys);
            long[] group = firstUse != null && firstUse.compareTo(retentionStartDay) < 0 ? adopting : notAdopting;
            group[0]++;
            int last = activeDays.previousSetBit(days - 1);
            group[1] += last >= retentionStart ? 1 : 0;
        }
        return result(feature.key(), window, minLevel, cohort, adopting, notAdopting);
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
