package dev.uptake.scoring;

import java.util.List;

/**
 * A product feature in a tenant's catalog: which events count as using it, how important it is and what adoption is
 * expected of it.
 *
 * @param adoptionTarget target share of the relevant population using it, in percent
 * @param activityOnly   the events show presence (a login), not use: they make a user active, never an adopter
 */
public record Feature(String key, String name, List<EventMatch> events, String category, double adoptionTarget,
        String impact, List<String> tags, List<String> roles, List<DepthLevel> depthLevels, boolean activityOnly) {

    /**
     * Counts towards breadth for a user of this role (null: an account, or a user without one, for whom every feature
     * counts); login-only features never do.
     */
    public boolean countsForBreadth(String role) {
        return !activityOnly && (role == null || roles.isEmpty() || roles.contains(role));
    }

    /** Default adoption targets per category, in percent. */
    public static double defaultTarget(String category) {
        return switch (category) {
            case "core" -> 80;
            case "advanced" -> 40;
            default -> 20;
        };
    }

    /** An event name, optionally narrowed to events whose property has a given value. */
    public record EventMatch(String event, String property, String value) {

        public boolean byProperty() {
            return property != null;
        }

        /** What marks a property-matched rule's key among event names, which never start with it. */
        public static final String BY_PROPERTY = "?";

        /**
         * The key its uses are counted and remembered under (day counters, lastUsed, firstUsed): the event name, or
         * {@link #BY_PROPERTY} + {@link #propertyKey()} when it narrows by property.
         */
        public String counterKey() {
            return byProperty() ? BY_PROPERTY + propertyKey() : event;
        }

        /** The counter key events matching this rule are counted under when it narrows by property. */
        public String propertyKey() {
            return event + "|" + property + "=" + value;
        }
    }

    /** A depth level: reached by using any of its events; the weight says how deep, in percent. */
    public record DepthLevel(String name, List<String> events, int weight) {
    }

    /** Every plain event name this feature is recognised by, for telling mapped from unmapped events. */
    public List<String> eventNames() {
        java.util.List<String> names = new java.util.ArrayList<>();
        events.forEach(match -> names.add(match.event()));
        depthLevels.forEach(level -> names.addAll(level.events()));
        return names;
    }
}
