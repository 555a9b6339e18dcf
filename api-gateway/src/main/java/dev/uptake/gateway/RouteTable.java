package dev.uptake.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every public {@code /v1} path prefix, and the upstream that serves it. */
public final class RouteTable {

    public static final String KEYS_PREFIX = "/v1/keys";
    public static final String INBOX_PREFIX = "/v1/inbox";

    private static final List<String> TRACKING = List.of("/v1/track", "/v1/identify", "/v1/group", "/v1/page",
            "/v1/screen", "/v1/alias", "/v1/batch");
    /**
     * Segment's other names for the tracking paths: analytics.js (the browser SDK) posts to the call type's first
     * letter, and {@code /v1/import} is the batch endpoint's older name.
     */
    private static final Map<String, String> TRACKING_ALIASES = aliases("/v1/t", "/v1/track", "/v1/i", "/v1/identify",
            "/v1/g", "/v1/group", "/v1/p", "/v1/page", "/v1/s", "/v1/screen", "/v1/a", "/v1/alias", "/v1/b", "/v1/batch",
            "/v1/import", "/v1/batch");
    private static final List<String> INGESTION = List.of("/v1/events", "/v1/privacy", "/v1/replays");
    private static final List<String> SCORING = List.of("/v1/accounts", "/v1/users", "/v1/features", "/v1/metrics",
            "/v1/analysis", "/v1/funnels", "/v1/cohorts", "/v1/segments", "/v1/health-models");
    private static final List<String> CAMPAIGN = List.of("/v1/campaigns", "/v1/playbooks", "/v1/playbook-templates",
            INBOX_PREFIX, "/v1/tasks", "/v1/webhooks", "/v1/surveys", "/v1/signals");

    private static final List<Route> ROUTES = build();

    private RouteTable() {
    }

    private static Map<String, String> aliases(String... aliasAndTarget) {
        Map<String, String> aliases = new LinkedHashMap<>();
        for (int i = 0; i < aliasAndTarget.length; i += 2) {
            aliases.put(aliasAndTarget[i], aliasAndTarget[i + 1]);
        }
        return aliases;
    }

    public static List<Route> routes() {
        return ROUTES;
    }

    public static Optional<Route> resolve(String path) {
        return ROUTES.stream().filter(route -> route.matches(path)).findFirst();
    }

    private static List<Route> build() {
        List<Route> routes = new ArrayList<>();
        TRACKING.forEach(prefix -> routes.add(new Route(prefix, Optional.of(Upstream.INGESTION), true)));
        TRACKING_ALIASES.forEach((alias, target) -> routes.add(new Route(alias, Optional.of(Upstream.INGESTION), true,
                target)));
        INGESTION.forEach(prefix -> routes.add(new Route(prefix, Optional.of(Upstream.INGESTION), false)));
        SCORING.forEach(prefix -> routes.add(new Route(prefix, Optional.of(Upstream.SCORING), false)));
        CAMPAIGN.forEach(prefix -> routes.add(new Route(prefix, Optional.of(Upstream.CAMPAIGN), false)));
        routes.add(new Route(KEYS_PREFIX, Optional.empty(), false));
        return List.copyOf(routes);
    }
}
