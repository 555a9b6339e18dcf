package dev.uptake.simulator.truth;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.uptake.simulator.PlantedTruth;
import dev.uptake.simulator.SimulationSettings;
import dev.uptake.simulator.output.CallSink;
import dev.uptake.simulator.truth.RealisedTruth.BandRenewals;
import dev.uptake.simulator.truth.RealisedTruth.LoginSeparation;
import dev.uptake.simulator.truth.RealisedTruth.Rate;
import dev.uptake.simulator.truth.RealisedTruth.RenewalFact;
import dev.uptake.simulator.usage.UsagePlanner;
import dev.uptake.simulator.world.FeatureCatalog;

/**
 * Measures the truth from the calls alone, the way an analysis would: it knows the feature catalog and the period,
 * nothing of the generator's internals. Feed it the generated stream (or a re-read NDJSON file).
 */
public final class TruthMeter implements CallSink {

    private static final long DAY_MILLIS = 24 * 3600 * 1000L;

    private final SimulationSettings settings;
    private final PlantedTruth truth;
    private final int days;
    private final long startMillis;
    private final Set<String> actionEvents;
    private final Set<String> powerUseEvents;
    private final Map<String, UserFacts> users = new HashMap<>();
    private final Map<String, AccountFacts> accounts = new TreeMap<>();
    private long calls;

    public TruthMeter(SimulationSettings settings, FeatureCatalog catalog) {
        this.settings = settings;
        this.truth = settings.truth();
        this.days = settings.days();
        this.startMillis = settings.start().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        this.actionEvents = catalog.actionEvents();
        this.powerUseEvents = new HashSet<>(catalog.powerFeature().useEvents());
    }

    @Override
    public void accept(ObjectNode call, byte[] json) {
        accept(call);
    }

    public void accept(JsonNode call) {
        calls++;
        String type = call.path("type").asText();
        UserFacts user = users.computeIfAbsent(call.path("userId").asText(), id -> new UserFacts());
        int day = dayOf(call.path("timestamp").asText());
        switch (type) {
            case "identify" -> user.createdDay = dayOf(call.path("traits").path("createdAt").asText());
            case "group" -> group(user, call);
            case "track", "page", "screen" -> activity(user, call, type, day);
            default -> {
            }
        }
    }

    private void group(UserFacts user, JsonNode call) {
        String accountId = call.path("groupId").asText();
        AccountFacts account = account(accountId);
        user.accountId = accountId;
        account.members.add(call.path("userId").asText());
        JsonNode traits = call.path("traits");
        String outcome = traits.path("renewalOutcome").asText(null);
        String renewalDate = traits.path("lastRenewalDate").asText(null);
        if (outcome != null && renewalDate != null) {
            account.renewals.put(renewalDate, outcome);
        }
        if (traits.hasNonNull("churnedAt")) {
            account.churnDay = dayOf(LocalDate.parse(traits.path("churnedAt").asText()));
        }
    }

    private void activity(UserFacts user, JsonNode call, String type, int day) {
        if (day < 0 || day >= days) {
            return;
        }
        user.activeDays.set(day);
        AccountFacts account = account(call.path("context").path("groupId").asText());
        if (!"track".equals(type)) {
            return;
        }
        String event = call.path("event").asText();
        if (FeatureCatalog.LOGIN_EVENT.equals(event)) {
            user.firstLogin = Math.min(user.firstLogin, day);
            account.logins[day]++;
        } else if (actionEvents.contains(event)) {
            user.actionDays.set(day);
            if (powerUseEvents.contains(event)) {
                user.powerUser = true;
                account.powerUses[day]++;
            }
        }
    }

    public RealisedTruth measure() {
        int adoptionPopulation = 0;
        int adopters = 0;
        int[] adopterRetention = new int[2];
        int[] nonAdopterRetention = new int[2];
        int[] funnel = new int[6];
        int retentionWindowStart = days - UsagePlanner.RETENTION_WINDOW;
        for (UserFacts user : users.values()) {
            if (user.accountId == null) {
                continue; // the admin's renewal calls only
            }
            AccountFacts account = accounts.get(user.accountId);
            funnelSteps(user, account, funnel);
            int first = user.activeDays.nextSetBit(0);
            boolean established = first >= 0 && first <= days - UsagePlanner.RETENTION_HORIZON
                    && activeBetween(user, first + 1, first + 15);
            if (!established) {
                continue;
            }
            adoptionPopulation++;
            adopters += user.powerUser ? 1 : 0;
            if (account.churnDay == Integer.MAX_VALUE) {
                int[] counts = user.powerUser ? adopterRetention : nonAdopterRetention;
                counts[0]++;
                counts[1] += activeBetween(user, retentionWindowStart, days) ? 1 : 0;
            }
        }
        List<RenewalFact> renewals = renewals();
        return new RealisedTruth(calls, (int) users.values().stream().filter(u -> u.accountId != null).count(),
                accounts.size(), Rate.of(adoptionPopulation, adopters),
                Rate.of(adopterRetention[0], adopterRetention[1]),
                Rate.of(nonAdopterRetention[0], nonAdopterRetention[1]), bands(renewals),
                new RealisedTruth.Funnel(funnel[0], Rate.of(funnel[0], funnel[1]), Rate.of(funnel[1], funnel[2]),
                        Rate.of(funnel[2], funnel[3]), Rate.of(funnel[3], funnel[4]), Rate.of(funnel[4], funnel[5])),
                loginSeparation(renewals), (int) renewals.stream().filter(r -> "expanded".equals(r.outcome())).count(),
                renewals);
    }

    /** New users far enough from the end (and from their account's churn) to have walked the whole funnel. */
    private void funnelSteps(UserFacts user, AccountFacts account, int[] steps) {
        int signup = user.createdDay;
        if (signup < 0 || signup > days - 100 || signup + 100 > account.churnDay) {
            return;
        }
        steps[0]++;
        int login = user.firstLogin;
        if (login == Integer.MAX_VALUE || login - signup > 6) {
            return;
        }
        steps[1]++;
        int action = user.actionDays.nextSetBit(login);
        if (action < 0 || action > login + 6) {
            return;
        }
        steps[2]++;
        if (!activeBetween(user, login + 1, login + 15)) {
            return;
        }
        steps[3]++;
        for (int week = 1; week <= 4; week++) {
            if (!activeBetween(user, login + 7 * week, login + 7 * week + 7)) {
                return;
            }
        }
        steps[4]++;
        int from = login + UsagePlanner.FUNNEL_DAYS - 28;
        int activeDays = user.activeDays.get(from, login + UsagePlanner.FUNNEL_DAYS).cardinality();
        steps[5] += activeDays >= 16 ? 1 : 0;
    }

    private List<RenewalFact> renewals() {
        List<RenewalFact> facts = new ArrayList<>();
        for (Map.Entry<String, AccountFacts> entry : accounts.entrySet()) {
            AccountFacts account = entry.getValue();
            for (Map.Entry<String, String> renewal : new TreeMap<>(account.renewals).entrySet()) {
                int day = dayOf(LocalDate.parse(renewal.getKey()));
                int uses = sum(account.powerUses, day - UsagePlanner.BAND_WINDOW, day);
                int band = truth.bandIndex(uses);
                facts.add(new RenewalFact(entry.getKey(), renewal.getKey(), uses,
                        band < 0 ? "0" : truth.renewalBands().get(band).label(), loginsPerUserWeek(account, day),
                        renewal.getValue()));
            }
        }
        return facts;
    }

    /** Logins in the four weeks before the renewal, per week and per user who had joined before those weeks. */
    private Double loginsPerUserWeek(AccountFacts account, int renewalDay) {
        int from = renewalDay - UsagePlanner.LOGIN_WINDOW;
        long members = account.members.stream().map(users::get).filter(u -> u.createdDay < from).count();
        if (members == 0) {
            return null;
        }
        double perWeek = sum(account.logins, from, renewalDay) / (UsagePlanner.LOGIN_WINDOW / 7.0) / members;
        return Math.round(perWeek * 1000) / 1000.0;
    }

    private List<BandRenewals> bands(List<RenewalFact> renewals) {
        List<String> labels = new ArrayList<>();
        labels.add("0");
        truth.renewalBands().forEach(band -> labels.add(band.label()));
        List<BandRenewals> result = new ArrayList<>();
        for (String label : labels) {
            List<RenewalFact> inBand = renewals.stream().filter(r -> r.band().equals(label)).toList();
            int renewed = (int) inBand.stream().filter(r -> !"churned".equals(r.outcome())).count();
            result.add(new BandRenewals(label, Rate.of(inBand.size(), renewed)));
        }
        return result;
    }

    private LoginSeparation loginSeparation(List<RenewalFact> renewals) {
        List<RenewalFact> measured = renewals.stream().filter(r -> r.loginsPerUserWeek() != null)
                .sorted(Comparator.comparingDouble(RenewalFact::loginsPerUserWeek)).toList();
        double planted = truth.loginsPerWeekThreshold();
        int separated = separatedBy(measured, planted);
        // Every threshold between two neighbouring values separates equally well: report the middle of the best run.
        List<Double> candidates = new ArrayList<>();
        for (int i = 0; i <= measured.size(); i++) {
            candidates.add(i == 0 ? 0 : i == measured.size() ? measured.get(i - 1).loginsPerUserWeek() + 1
                    : (measured.get(i - 1).loginsPerUserWeek() + measured.get(i).loginsPerUserWeek()) / 2);
        }
        int bestSeparated = -1;
        List<Double> best = new ArrayList<>();
        for (double candidate : candidates) {
            int count = separatedBy(measured, candidate);
            if (count > bestSeparated) {
                bestSeparated = count;
                best.clear();
            }
            if (count == bestSeparated) {
                best.add(candidate);
            }
        }
        Double bestThreshold = measured.isEmpty() ? null
                : Math.round((best.get(0) + best.get(best.size() - 1)) / 2 * 1000) / 1000.0;
        return new LoginSeparation(planted, measured.size(), Rate.of(measured.size(), separated),
                bestThreshold, Rate.of(measured.size(), Math.max(bestSeparated, 0)),
                median(measured, true), median(measured, false));
    }

    private static int separatedBy(List<RenewalFact> renewals, double threshold) {
        int count = 0;
        for (RenewalFact renewal : renewals) {
            boolean renewed = !"churned".equals(renewal.outcome());
            count += renewed == (renewal.loginsPerUserWeek() >= threshold) ? 1 : 0;
        }
        return count;
    }

    private static Double median(List<RenewalFact> sorted, boolean renewed) {
        List<Double> values = sorted.stream().filter(r -> renewed != "churned".equals(r.outcome()))
                .map(RenewalFact::loginsPerUserWeek).toList();
        return values.isEmpty() ? null : values.get(values.size() / 2);
    }

    private static boolean activeBetween(UserFacts user, int from, int toExclusive) {
        int next = user.activeDays.nextSetBit(Math.max(0, from));
        return next >= 0 && next < toExclusive;
    }

    private static int sum(int[] perDay, int from, int toExclusive) {
        int total = 0;
        for (int day = Math.max(0, from); day < Math.min(toExclusive, perDay.length); day++) {
            total += perDay[day];
        }
        return total;
    }

    private AccountFacts account(String id) {
        return accounts.computeIfAbsent(id, key -> new AccountFacts(days));
    }

    private int dayOf(String timestamp) {
        return (int) Math.floorDiv(Instant.parse(timestamp).toEpochMilli() - startMillis, DAY_MILLIS);
    }

    private int dayOf(LocalDate date) {
        return (int) ChronoUnit.DAYS.between(settings.start(), date);
    }

    private static final class UserFacts {
        String accountId;
        int createdDay = Integer.MIN_VALUE;
        int firstLogin = Integer.MAX_VALUE;
        boolean powerUser;
        final BitSet activeDays = new BitSet();
        final BitSet actionDays = new BitSet();
    }

    private static final class AccountFacts {
        final Set<String> members = new HashSet<>();
        final Map<String, String> renewals = new HashMap<>();
        final int[] logins;
        final int[] powerUses;
        int churnDay = Integer.MAX_VALUE;

        AccountFacts(int days) {
            logins = new int[days];
            powerUses = new int[days];
        }
    }
}
