package dev.uptake.simulator.world;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.uptake.simulator.world.Feature.DepthLevel;

/** The simulated product's features. {@link #LOGIN_EVENT} starts every session. */
public final class FeatureCatalog {

    public static final String LOGIN_EVENT = "Logged In";

    private final List<Feature> features;
    private final Feature powerFeature;

    public FeatureCatalog(String powerFeatureKey) {
        this.features = standardFeatures();
        this.powerFeature = features.stream().filter(f -> f.key().equals(powerFeatureKey) && !f.activityOnly())
                .findFirst().orElseThrow(() -> new IllegalArgumentException("unknown --power-feature "
                        + powerFeatureKey + "; choose one of " + features.stream().filter(f -> !f.activityOnly())
                                .map(Feature::key).toList()));
    }

    public List<Feature> features() {
        return features;
    }

    public Feature powerFeature() {
        return powerFeature;
    }

    /** Features sessions use freely: everything but logging in and the power feature, which is planned exactly. */
    public List<Feature> everydayFeatures() {
        return features.stream().filter(f -> !f.activityOnly() && f != powerFeature).toList();
    }

    /** Track events that are actions: not logging in, not merely viewing. */
    public Set<String> actionEvents() {
        Set<String> events = new HashSet<>();
        features.stream().filter(f -> !f.activityOnly()).forEach(f -> events.addAll(f.useEvents()));
        return events;
    }

    private static List<Feature> standardFeatures() {
        return List.of(
                new Feature("login", "Login", "core", "low", List.of(), List.of(),
                        List.of(new DepthLevel("used", List.of(LOGIN_EVENT), 1)), true),
                feature("dashboards", "Dashboards", "core", "medium", List.of("value-driver"), List.of(),
                        level(Feature.VIEWED, 1, "Dashboard Viewed"), level("used", 2, "Dashboard Created"),
                        level("mastered", 3, "Dashboard Shared")),
                feature("reports", "Reports", "core", "medium", List.of("value-driver", "sticky"), List.of(),
                        level(Feature.VIEWED, 1, "Report Viewed"), level("used", 2, "Report Created"),
                        level("mastered", 3, "Report Exported", "Report Scheduled")),
                feature("projects", "Projects", "core", "high", List.of("sticky"), List.of(),
                        level(Feature.VIEWED, 1, "Projects Viewed"), level("used", 2, "Task Completed"),
                        level("mastered", 3, "Project Created")),
                feature("comments", "Comments", "core", "low", List.of("sticky"), List.of(),
                        level("used", 1, "Comment Posted"), level("mastered", 2, "Mention Sent")),
                feature("automations", "Automations", "advanced", "high", List.of("value-driver", "differentiator"), List.of(),
                        level(Feature.VIEWED, 1, "Automations Viewed"), level("used", 2, "Workflow Run"),
                        level("mastered", 3, "Workflow Created")),
                feature("integrations", "Integrations", "advanced", "medium", List.of("sticky", "expansion"),
                        List.of("admin", "manager"),
                        level(Feature.VIEWED, 1, "Integrations Viewed"), level("used", 2, "Sync Run"),
                        level("mastered", 3, "Integration Connected")),
                feature("forecasting", "Forecasting", "advanced", "high", List.of("differentiator", "expansion"), List.of(),
                        level(Feature.VIEWED, 1, "Forecasts Viewed"), level("used", 2, "Forecast Run"),
                        level("mastered", 3, "Forecast Created")),
                feature("audit-log", "Audit Log", "specialized", "low", List.of("expansion"),
                        List.of("admin"),
                        level(Feature.VIEWED, 1, "Audit Log Viewed"), level("used", 2, "Audit Log Exported")),
                feature("sso", "Single Sign-On", "specialized", "medium", List.of("expansion"), List.of("admin"),
                        level("used", 2, "SSO Configured")),
                feature("api-access", "API Access", "specialized", "medium", List.of("expansion"),
                        List.of("admin", "manager"),
                        level(Feature.VIEWED, 1, "API Docs Viewed"), level("used", 2, "API Key Created")),
                feature("executive-summary", "Executive Summary", "specialized", "medium", List.of("value-driver"),
                        List.of("executive", "manager"),
                        level(Feature.VIEWED, 1, "Executive Summary Viewed"),
                        level("used", 2, "Executive Summary Sent")));
    }

    private static Feature feature(String key, String name, String category, String impact, List<String> tags,
            List<String> roles, DepthLevel... levels) {
        Set<String> seen = new HashSet<>();
        for (DepthLevel level : levels) {
            for (String event : level.events()) {
                if (!seen.add(event)) {
                    throw new IllegalStateException("event in two levels: " + event);
                }
            }
        }
        return new Feature(key, name, category, impact, tags, roles, List.of(levels), false);
    }

    private static DepthLevel level(String name, int weight, String... events) {
        return new DepthLevel(name, List.of(events), weight);
    }
}
