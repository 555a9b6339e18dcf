package dev.uptake.scoring.service;

/** The few tests and intervals the analyses report with their rates. */
final class Statistics {

    private static final double Z95 = 1.959963984540054;

    private Statistics() {
    }

    /** Wilson score interval of {@code hits}/{@code n} at 95 %, as fractions; stays inside [0, 1] for small n. */
    static double[] wilson95(long hits, long n) {
        double p = (double) hits / n;
        double z2 = Z95 * Z95;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return new double[] { Math.max(0, centre - half), Math.min(1, centre + half) };
    }

    /** {@link #wilson95} in percent, to one decimal, as the analyses report it. */
    static double[] percentInterval95(long hits, long n) {
        double[] interval = wilson95(hits, n);
        return new double[] { Math.round(interval[0] * 1000) / 10.0, Math.round(interval[1] * 1000) / 10.0 };
    }

    /** Two-sided p-value of the difference between two proportions (pooled z-test). */
    static double twoProportionPValue(long hits1, long n1, long hits2, long n2) {
        double pooled = (double) (hits1 + hits2) / (n1 + n2);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        if (se == 0) {
            return 1; // both groups all retained, or all lapsed: no difference to test
        }
        double z = Math.abs((double) hits1 / n1 - (double) hits2 / n2) / se;
        return Math.min(1, 2 * (1 - normalCdf(z)));
    }

    /** Standard normal CDF through erf (Abramowitz and Stegun 7.1.26, absolute error below 1.5e-7). */
    static double normalCdf(double x) {
        double t = 1 / (1 + 0.3275911 * Math.abs(x) / Math.sqrt(2));
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        double erf = 1 - poly * Math.exp(-x * x / 2);
        return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}
