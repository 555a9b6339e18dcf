package dev.uptake.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The effects the simulator plants in the world, so an analysis can be checked against them. Every value can be
 * overridden on the command line; {@link #defaults()} are the numbers.
 *
 * @param powerFeature           key of the feature whose adoption drives retention and renewal
 * @param adoptionRate           share of established users (those who came back) who ever use the power feature
 * @param adopterRetention       share of adopters still active in the last 30 days
 * @param nonAdopterRetention    share of non-adopters still active in the last 30 days
 * @param noUseRenewalRate       renewal rate of accounts with no power-feature use in the 30 days before renewal
 * @param renewalBands           renewal rate per monthly power-feature usage band (the last band is open-ended)
 * @param funnel                 step conversions of new users
 * @param loginsPerWeekThreshold logins per user per week (4 weeks before renewal) above which accounts renew
 */
public record PlantedTruth(String powerFeature, double adoptionRate, double adopterRetention,
        double nonAdopterRetention, double noUseRenewalRate, List<UsageBand> renewalBands, Funnel funnel,
        double loginsPerWeekThreshold) {

    public PlantedTruth {
        renewalBands = List.copyOf(renewalBands);
        requireRate("adoption", adoptionRate);
        requireRate("adopter retention", adopterRetention);
        requireRate("non-adopter retention", nonAdopterRetention);
        requireRate("no-use renewal", noUseRenewalRate);
        if (renewalBands.isEmpty() || renewalBands.get(0).minUses() != 1) {
            throw new IllegalArgumentException("renewal bands must start at 1 use");
        }
        for (int i = 0; i < renewalBands.size(); i++) {
            UsageBand band = renewalBands.get(i);
            requireRate("renewal band " + band.label(), band.renewalRate());
            boolean last = i == renewalBands.size() - 1;
            if (last != (band.maxUses() == null)) {
                throw new IllegalArgumentException("only the last renewal band is open-ended (like 16+)");
            }
            if (!last && renewalBands.get(i + 1).minUses() != band.maxUses() + 1) {
                throw new IllegalArgumentException("renewal bands must be contiguous: " + band.label());
            }
        }
        if (loginsPerWeekThreshold <= 0) {
            throw new IllegalArgumentException("the logins-per-week threshold must be positive");
        }
    }

    /** A monthly usage band of the power feature; {@code maxUses} is null for the open-ended last band. */
    public record UsageBand(int minUses, Integer maxUses, double renewalRate) {

        public String label() {
            return maxUses == null ? minUses + "+" : minUses + "-" + maxUses;
        }

        public boolean contains(int uses) {
            return uses >= minUses && (maxUses == null || uses <= maxUses);
        }
    }

    /** Step conversions: each rate is a share of the step before it. */
    public record Funnel(double loginWithin7Days, double act, double returnRate, double weeklyHabit,
            double powerUser) {

        public Funnel {
            requireRate("funnel login", loginWithin7Days);
            requireRate("funnel act", act);
            requireRate("funnel return", returnRate);
            requireRate("funnel habit", weeklyHabit);
            requireRate("funnel power", powerUser);
        }

        public static Funnel parse(String text) {
            String[] parts = text.split(",");
            if (parts.length != 5) {
                throw new IllegalArgumentException("--funnel needs five rates: login,act,return,habit,power");
            }
            return new Funnel(rate(parts[0]), rate(parts[1]), rate(parts[2]), rate(parts[3]), rate(parts[4]));
        }

        public String format() {
            return String.format(Locale.ROOT, "%s,%s,%s,%s,%s", loginWithin7Days, act, returnRate, weeklyHabit,
                    powerUser);
        }
    }

    public static PlantedTruth defaults() {
        return new PlantedTruth("forecasting", 0.37, 0.94, 0.68, 0.40,
                parseBands("1-5:0.5,6-10:0.6,11-15:0.7,16+:0.8"), new Funnel(0.40, 0.70, 0.50, 0.30, 0.20), 2.0);
    }

    /** The band holding {@code uses}, or -1 for none (no use). */
    public int bandIndex(int uses) {
        for (int i = 0; i < renewalBands.size(); i++) {
            if (renewalBands.get(i).contains(uses)) {
                return i;
            }
        }
        return -1;
    }

    public double renewalRate(int bandIndex) {
        return bandIndex < 0 ? noUseRenewalRate : renewalBands.get(bandIndex).renewalRate();
    }

    /** Parses {@code 1-5:0.5,6-10:0.6,11-15:0.7,16+:0.8}. */
    public static List<UsageBand> parseBands(String text) {
        List<UsageBand> bands = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] rangeAndRate = part.trim().split(":");
            if (rangeAndRate.length != 2) {
                throw new IllegalArgumentException("renewal band needs range:rate, got " + part);
            }
            String range = rangeAndRate[0].trim();
            double rate = rate(rangeAndRate[1]);
            if (range.endsWith("+")) {
                bands.add(new UsageBand(Integer.parseInt(range.substring(0, range.length() - 1)), null, rate));
            } else {
                String[] bounds = range.split("-");
                bands.add(new UsageBand(Integer.parseInt(bounds[0]), Integer.parseInt(bounds[1]), rate));
            }
        }
        return bands;
    }

    public static String formatBands(List<UsageBand> bands) {
        List<String> parts = new ArrayList<>();
        for (UsageBand band : bands) {
            parts.add(band.label() + ":" + band.renewalRate());
        }
        return String.join(",", parts);
    }

    private static double rate(String text) {
        double value = Double.parseDouble(text.trim());
        requireRate("rate", value);
        return value;
    }

    private static void requireRate(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, got " + value);
        }
    }
}
