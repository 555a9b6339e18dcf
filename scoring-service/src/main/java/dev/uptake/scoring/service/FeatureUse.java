package dev.uptake.scoring.service;

import dev.uptake.kit.problem.ProblemException;
import dev.uptake.scoring.Feature;

/** How many of a day's events use a feature, counting every event of it or only those of a depth level and deeper. */
final class FeatureUse {

    static final int ANY_LEVEL = -1;

    private FeatureUse() {
    }

    /** The weight of {@code minLevel}, {@link #ANY_LEVEL} for null; a level the feature lacks is a bad request. */
    static int minWeight(Feature feature, String minLevel) {
        if (minLevel == null) {
            return ANY_LEVEL;
        }
        return feature.depthLevels().stream().filter(level -> level.name().equals(minLevel))
                .mapToInt(Feature.DepthLevel::weight).findFirst()
                .orElseThrow(() -> ProblemException.badRequest("invalid-parameter", "Invalid parameter",
                        "minLevel must be one of the depth levels of " + feature.key() + ": "
                                + feature.depthLevels().stream().map(Feature.DepthLevel::name).toList() + "."));
    }

    /** The events of the catalog's login-only features: presence, never use. */
    static java.util.Set<String> loginEvents(java.util.List<Feature> features) {
        java.util.Set<String> events = new java.util.HashSet<>();
        features.stream().filter(Feature::activityOnly).forEach(feature -> events.addAll(feature.eventNames()));
        return events;
    }

    /**
     * The first day (ISO) the user used any of the counter {@code keys} ({@link #keys}), from its summary; null if
     * never. The keys are worked out once per analysis, not per user.
     */
    static String firstUse(org.bson.Document user, java.util.List<String> keys) {
        org.bson.Document firstUsed = user.get(RollupService.FIRST_USED, org.bson.Document.class);
        if (firstUsed == null) {
            return null;
        }
        String first = null;
        for (String key : keys) {
            String day = firstUsed.getString(dev.uptake.scoring.repository.Ids.field(key));
            first = day != null && (first == null || day.compareTo(first) < 0) ? day : first;
        }
        return first;
    }

    /** Every counter the features' use and depth are read from, each once: what a day must hold for them. */
    static java.util.List<String> counters(java.util.Collection<Feature> features) {
        java.util.Set<String> counters = new java.util.LinkedHashSet<>();
        features.forEach(feature -> {
            counters.addAll(keys(feature, ANY_LEVEL));
            feature.depthLevels().forEach(level -> counters.addAll(level.events()));
        });
        return java.util.List.copyOf(counters);
    }

    /** The counter keys that count as using the feature: event names, and "?rule" for rules matched by property. */
    static java.util.List<String> keys(Feature feature, int minWeight) {
        if (minWeight == ANY_LEVEL) {
            return feature.events().stream().map(Feature.EventMatch::counterKey).toList();
        }
        return feature.depthLevels().stream().filter(level -> level.weight() >= minWeight)
                .flatMap(level -> level.events().stream()).toList();
    }

    static long uses(UsageCalculator.Day day, Feature feature, int minWeight) {
        if (minWeight == ANY_LEVEL) {
            return day.uses(feature);
        }
        long uses = 0;
        for (Feature.DepthLevel level : feature.depthLevels()) {
            if (level.weight() >= minWeight) {
                for (String name : level.events()) {
                    uses += day.counts().getOrDefault(name, 0L);
                }
            }
        }
        return uses;
    }
}
