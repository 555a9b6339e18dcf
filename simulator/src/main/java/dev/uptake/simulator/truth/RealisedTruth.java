package dev.uptake.simulator.truth;

import java.util.List;

/** The truth as measured on the generated events; compare it with the planted parameters. */
public record RealisedTruth(long calls, int users, int accounts, Rate adoption, Rate adopterRetention,
        Rate nonAdopterRetention, List<BandRenewals> renewalByBand, Funnel funnel, LoginSeparation logins,
        int expansions, List<RenewalFact> renewals) {

    /** {@code hits} of {@code population}; rate is null for an empty population. */
    public record Rate(int population, int hits, Double rate) {

        public static Rate of(int population, int hits) {
            return new Rate(population, hits, population == 0 ? null : Math.round(1e4 * hits / population) / 1e4);
        }
    }

    public record BandRenewals(String band, Rate renewal) {
    }

    /** Each step's rate is a share of the step before it, like the planted funnel. */
    public record Funnel(int signups, Rate loggedInWithin7Days, Rate acted, Rate returned, Rate weeklyHabit,
            Rate powerUsers) {
    }

    /**
     * How well the planted threshold separates renewals from churns, and the threshold that separates best.
     */
    public record LoginSeparation(double plantedThreshold, int renewals, Rate separatedByPlanted,
            Double bestThreshold, Rate separatedByBest, Double renewedMedian, Double churnedMedian) {
    }

    public record RenewalFact(String accountId, String date, int powerUses, String band, Double loginsPerUserWeek,
            String outcome) {
    }
}
