package dev.uptake.simulator.truth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.uptake.simulator.PlantedTruth;
import dev.uptake.simulator.SimulationSettings;
import dev.uptake.simulator.usage.UsagePlanner;

/** The truth document: the world's settings, the planted parameters, how each is measured, and what was realised. */
public final class TruthReport {

    private TruthReport() {
    }

    public static ObjectNode json(ObjectMapper mapper, SimulationSettings settings, RealisedTruth realised) {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode world = root.putObject("world");
        world.put("seed", settings.seed());
        world.put("accounts", settings.accounts());
        world.put("users", settings.users());
        world.put("months", settings.months());
        world.put("start", settings.start().toString());
        world.put("end", settings.end().toString());
        world.put("days", settings.days());
        world.put("calls", realised.calls());
        world.put("messageIdPrefix", "sim-" + settings.fingerprint() + "-");
        PlantedTruth truth = settings.truth();
        root.set("planted", mapper.valueToTree(truth));
        root.set("definitions", definitions(mapper, settings));
        root.set("realised", mapper.valueToTree(realised));
        return root;
    }

    private static ObjectNode definitions(ObjectMapper mapper, SimulationSettings settings) {
        ObjectNode definitions = mapper.createObjectNode();
        String power = settings.truth().powerFeature();
        definitions.put("day", "UTC calendar day; the period is [start, end)");
        definitions.put("active", "a user is active on a day with any track, page or screen call");
        definitions.put("established", "users whose first active day is at least " + UsagePlanner.RETENTION_HORIZON
                + " days before the end and who are active again within 14 days of it");
        definitions.put("adoption", "share of established users with any use event of feature '" + power
                + "' (its events outside the 'viewed' depth level)");
        definitions.put("retention", "share of established users of accounts that did not churn who are active in the"
                + " last " + UsagePlanner.RETENTION_WINDOW + " days, for adopters and non-adopters");
        definitions.put("renewalByBand", "renewals (group traits renewalOutcome and lastRenewalDate) by the account's '"
                + power + "' use events in the " + UsagePlanner.BAND_WINDOW + " days before the renewal date; band 0 is"
                + " no use; renewed and expanded count as renewed");
        definitions.put("funnel", "users created (identify createdAt) at least 100 days before the end and 100 days"
                + " before their account churned: first 'Logged In' within 7 days of creation; an action event"
                + " (neither login nor 'viewed') within 7 days of that login; active again within 14 days; active in"
                + " each of weeks 1-4 after it; at least 16 active days in weeks 5-8 (power user)");
        definitions.put("logins", "'Logged In' events of the account in the " + UsagePlanner.LOGIN_WINDOW
                + " days before a renewal, per week, per user created before those days");
        return definitions;
    }
}
