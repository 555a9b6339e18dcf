package dev.uptake.simulator.world;

import java.util.ArrayList;
import java.util.List;

/**
 * A product feature of the simulated app: the events that show its use, grouped into depth levels.
 *
 * @param category     core, advanced or specialized
 * @param roles        roles that use it (empty: everyone)
 * @param activityOnly counts as activity (like logging in) but not as adopting anything
 */
public record Feature(String key, String name, String category, String impact, List<String> tags,
        List<String> roles, List<DepthLevel> depthLevels, boolean activityOnly) {

    public static final String VIEWED = "viewed";

    public Feature {
        tags = List.copyOf(tags);
        roles = List.copyOf(roles);
        depthLevels = List.copyOf(depthLevels);
    }

    /** A depth of use, from merely viewing to mastering; deeper levels weigh more. */
    public record DepthLevel(String name, List<String> events, int weight) {

        public DepthLevel {
            events = List.copyOf(events);
        }
    }

    public List<String> events() {
        List<String> events = new ArrayList<>();
        depthLevels.forEach(level -> events.addAll(level.events()));
        return events;
    }

    /** Events that use the feature rather than only look at it. */
    public List<String> useEvents() {
        List<String> events = new ArrayList<>();
        depthLevels.stream().filter(level -> !VIEWED.equals(level.name())).forEach(level -> events.addAll(level.events()));
        return events;
    }

    public boolean usableBy(Role role) {
        return roles.isEmpty() || roles.contains(role.wireName());
    }
}
