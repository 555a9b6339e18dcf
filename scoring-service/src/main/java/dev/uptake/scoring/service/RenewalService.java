package dev.uptake.scoring.service;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.uptake.kit.problem.ProblemException;
import dev.uptake.scoring.Feature;
import dev.uptake.scoring.FeatureRenewals;
import dev.uptake.scoring.Window;
import io.smallrye.mutiny.Uni;

/**
 * Renewal history against usage: each renewal an account reported (its renewalOutcome and lastRenewalDate traits),
 * put in the band of the feature uses the account had in the days before it. The renewal rate per band shows how
 * much use goes with renewing.
 */
@ApplicationScoped
public class RenewalService {

    /** A band of uses; {@code max} is null for the open-ended last band. */
    public record UsageBand(int min, Integer max) {

        String label() {
            return max == null ? min + "+" : min == max ? Integer.toString(min) : min + "-" + max;
        }

        boolean contains(long uses) {
            return uses >= min && (max == null || uses <= max);
        }

        /** "1-5,6-10,11-15,16+": contiguous from 1, the last open-ended, so every use count has one band. */
        public static List<UsageBand> parse(String text) {
            List<UsageBand> bands = new ArrayList<>();
            try {
                for (String part : text.split(",")) {
                    String band = part.trim();
                    UsageBand parsed = band.endsWith("+") ? new UsageBand(Integer.parseInt(band.substring(0, band.length() - 1)), null)
                            : band.contains("-") ? new UsageBand(Integer.parseInt(band.substring(0, band.indexOf('-'))),
                                    Integer.parseInt(band.substring(band.indexOf('-') + 1)))
                                    : new UsageBand(Integer.parseInt(band), Integer.parseInt(band));
                    int expectedMin = bands.isEmpty() ? 1 : bands.get(bands.size() - 1).max() + 1;
                    if (parsed.min() != expectedMin || parsed.max() != null && parsed.max() < parsed.min()
                            || !bands.isEmpty() && bands.get(bands.size() - 1).max() == null) {
                        throw new IllegalArgumentException(band);
                    }
                    bands.add(parsed);
                }
            } catch (RuntimeException e) {
                throw invalidBands();
            }
            if (bands.get(bands.size() - 1).max() != null) {
                throw invalidBands();
            }
            return bands;
        }

        private static ProblemException invalidBands() {
            return ProblemException.badRequest("invalid-parameter", "Invalid parameter",
                    "bands must be contiguous ranges from 1 with an open-ended last one, such as 1-5,6-10,11-15,16+.");
        }
    }

    private final HistoryReader history;
    private final FeatureService features;

    public RenewalService(HistoryReader history, FeatureService features) {
        this.history = history;
        this.features = features;
    }

    public Uni<FeatureRenewals> byUsage(String tenantId, String key, Window window, String minLevel,
            List<UsageBand> bands, int usageDays, MetricsService.Filter filter) {
        return features.get(tenantId, key).chain(feature -> {
            int minWeight = FeatureUse.minWeight(feature, minLevel);
            return history.accounts(tenantId, Profiles.ACCOUNT_FIELDS).chain(accounts -> {
                List<RenewalHistory.Renewal> renewals = RenewalHistory.dated(accounts.values(), window, filter);
                return history.foldDaysBefore(tenantId, renewals, usageDays, FeatureUse.keys(feature, minWeight),
                        DailyCounts::new,
                        (counts, day) -> counts.add(day, FeatureUse.uses(day, feature, minWeight)))
                        .map(uses -> byUsage(feature, window, minLevel, bands, usageDays, renewals, uses));
            });
        });
    }

    static FeatureRenewals byUsage(Feature feature, Window window, String minLevel, List<UsageBand> bands,
            int usageDays, List<RenewalHistory.Renewal> renewals, DailyCounts usesByAccount) {
        List<UsageBand> all = new ArrayList<>();
        all.add(new UsageBand(0, 0));
        all.addAll(bands);
        long[][] counts = new long[all.size()][2];
        for (RenewalHistory.Renewal renewal : renewals) {
            long before = usesByAccount.sum(renewal.accountId(), renewal.date().minusDays(usageDays), renewal.date());
            for (int band = 0; band < all.size(); band++) {
                if (all.get(band).contains(before)) {
                    counts[band][0]++;
                    counts[band][1] += renewal.renewed() ? 1 : 0;
                    break;
                }
            }
        }
        List<FeatureRenewals.Band> result = new ArrayList<>();
        long total = 0;
        long renewed = 0;
        for (int band = 0; band < all.size(); band++) {
            UsageBand usage = all.get(band);
            long n = counts[band][0];
            long hits = counts[band][1];
            total += n;
            renewed += hits;
            result.add(new FeatureRenewals.Band(usage.label(), usage.min(), usage.max(), n, hits,
                    n == 0 ? null : UsageCalculator.percent(hits, n), n == 0 ? null : Statistics.percentInterval95(hits, n)));
        }
        return new FeatureRenewals(feature.key(), window, minLevel, usageDays, total, renewed,
                total == 0 ? null : UsageCalculator.percent(renewed, total), result);
    }
}
