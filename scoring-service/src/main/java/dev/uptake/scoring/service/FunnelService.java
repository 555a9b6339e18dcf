package dev.uptake.scoring.service;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import dev.uptake.kit.problem.ProblemException;
import dev.uptake.scoring.ActivationFunnel;
import dev.uptake.scoring.Feature;
import dev.uptake.scoring.Window;
import dev.uptake.scoring.repository.FeatureCatalog;
import io.smallrye.mutiny.Uni;

/**
 * The activation funnel of the users who signed up in a window: first login soon after signing up, a real action
 * (feature use, not a login nor, with actionFromLevel, a mere look) soon after that, a return visit, a weekly habit
 * over the first weeks, and then power use (active on most days of the weeks after the habit).
 */
@ApplicationScoped
public class FunnelService {

    /** The steps' windows, in days and weeks after signing up or the first login. */
    public record Steps(int loginWithinDays, int actWithinDays, int returnWithinDays, int habitWeeks, int powerMinDays,
            String actionFromLevel) {

        /** Days after signing up the last step may look at: every cohort member must be at least this old. */
        public int daysNeeded() {
            return loginWithinDays - 1 + 7 * (2 * habitWeeks + 1);
        }
    }

    private final HistoryReader history;
    private final FeatureCatalog catalog;

    public FunnelService(HistoryReader history, FeatureCatalog catalog) {
        this.history = history;
        this.catalog = catalog;
    }

    public Uni<ActivationFunnel> activation(String tenantId, Window window, Steps steps, Integer minAgeDays,
            MetricsService.Filter filter) {
        int age = minAgeDays == null ? steps.daysNeeded() : minAgeDays;
        if (age < steps.daysNeeded() || steps.powerMinDays() > 7 * steps.habitWeeks()) {
            throw ProblemException.badRequest("invalid-parameter", "Invalid parameter", "minAgeDays must be at least "
                    + steps.daysNeeded() + " so that every step had time to happen, and powerMinDays at most "
                    + 7 * steps.habitWeeks() + " (the days of the power weeks).");
        }
        if (age > window.days()) {
            throw ProblemException.badRequest("invalid-parameter", "Invalid parameter",
                    "the window (" + window.days() + " days) must be at least minAgeDays (" + age + ") long.");
        }
        return catalog.allOf(tenantId).chain(features -> Uni.combine().all().unis(
                history.accounts(tenantId, Profiles.ACCOUNT_FIELDS), history.users(tenantId, Profiles.USER_FIELDS),
                history.foldUserDays(tenantId, window.from(), window.to(),
                        () -> new Activity(window, features, steps.actionFromLevel()), Activity::add)).asTuple()
                .map(found -> compute(found.getItem3(), found.getItem2(), found.getItem1(), steps, age, filter)));
    }

    /** Each user's active days, action days and first login in the window. */
    static final class Activity {
        final Window window;
        final Set<String> loginEvents = new HashSet<>();
        final List<Feature> actionFeatures;
        final Map<String, Integer> actionWeights = new HashMap<>();
        final Map<String, UserDays> byUser = new HashMap<>();

        Activity(Window window, List<Feature> features, String actionFromLevel) {
            this.window = window;
            loginEvents.addAll(FeatureUse.loginEvents(features));
            actionFeatures = features.stream().filter(f -> !f.activityOnly()).toList();
            for (Feature feature : actionFeatures) {
                boolean hasLevel = feature.depthLevels().stream().anyMatch(l -> l.name().equals(actionFromLevel));
                actionWeights.put(feature.key(), hasLevel ? FeatureUse.minWeight(feature, actionFromLevel)
                        : FeatureUse.ANY_LEVEL);
            }
        }

        void add(UsageCalculator.Day day) {
            if (!window.contains(day.day()) || day.events() == 0) {
                return;
            }
            int offset = (int) ChronoUnit.DAYS.between(window.from(), day.day());
            UserDays user = byUser.computeIfAbsent(day.userId(), id -> new UserDays());
            user.active.set(offset);
            if (loginEvents.stream().anyMatch(name -> day.counts().getOrDefault(name, 0L) > 0)) {
                user.firstLogin = Math.min(user.firstLogin, offset);
            }
            if (actionFeatures.stream().anyMatch(f -> FeatureUse.uses(day, f, actionWeights.get(f.key())) > 0)) {
                user.actions.set(offset);
            }
        }
    }

    static ActivationFunnel compute(Activity activity, Map<String, Document> users, Map<String, Document> accounts,
            Steps steps, int minAgeDays, MetricsService.Filter filter) {
        Window window = activity.window;
        LocalDate lastSignup = window.to().plusDays(1).minusDays(minAgeDays);
        long[] reached = new long[6];
        for (Document user : users.values()) {
            LocalDate signup = signup(user);
            if (signup == null || signup.isBefore(window.from()) || signup.isAfter(lastSignup)) {
                continue;
            }
            Document account = user.getString("accountId") == null ? null : accounts.get(user.getString("accountId"));
            if (!filter.userMatches(user) || !filter.accountMatches(account)
                    || Profiles.churnedBy(account, signup.plusDays(minAgeDays - 1L))) {
                continue;
            }
            int s = (int) ChronoUnit.DAYS.between(window.from(), signup);
            int stepsReached = stepsReached(activity.byUser.getOrDefault(user.getString("userId"), new UserDays()), s, steps);
            for (int step = 0; step <= stepsReached; step++) {
                reached[step]++;
            }
        }
        return new ActivationFunnel(window, window.from(), lastSignup, minAgeDays, describe(reached, steps));
    }

    /** 0 signed up, 1 logged in, 2 acted, 3 returned, 4 formed a weekly habit, 5 power user. */
    private static int stepsReached(UserDays user, int signup, Steps steps) {
        int login = user.firstLogin;
        if (login == Integer.MAX_VALUE || login > signup + steps.loginWithinDays() - 1) {
            return 0;
        }
        int action = user.actions.nextSetBit(Math.max(0, login));
        if (action < 0 || action > login + steps.actWithinDays() - 1) {
            return 1;
        }
        if (!activeBetween(user.active, login + 1, login + steps.returnWithinDays())) {
            return 2;
        }
        for (int week = 1; week <= steps.habitWeeks(); week++) {
            if (!activeBetween(user.active, login + 7 * week, login + 7 * week + 6)) {
                return 3;
            }
        }
        int from = login + 7 * (steps.habitWeeks() + 1);
        int activeDays = user.active.get(from, from + 7 * steps.habitWeeks()).cardinality();
        return activeDays >= steps.powerMinDays() ? 5 : 4;
    }

    private static boolean activeBetween(BitSet active, int from, int to) {
        int next = active.nextSetBit(Math.max(0, from));
        return next >= 0 && next <= to;
    }

    /** Signed up (identify's createdAt), or else first seen. */
    private static LocalDate signup(Document user) {
        java.time.Instant since = Profiles.since(user);
        return since == null ? null : LocalDate.ofInstant(since, ZoneOffset.UTC);
    }

    private static List<ActivationFunnel.Step> describe(long[] reached, Steps steps) {
        String[][] names = {
                { "signed-up", "signed up in the cohort's days" },
                { "logged-in", "first login within " + steps.loginWithinDays() + " days of signing up" },
                { "acted", "used a feature" + (steps.actionFromLevel() == null ? "" : " (from its "
                        + steps.actionFromLevel() + " level, where it has one)") + " within " + steps.actWithinDays()
                        + " days of that login" },
                { "returned", "active again within " + steps.returnWithinDays() + " days of that login" },
                { "weekly-habit", "active in each of weeks 1 to " + steps.habitWeeks() + " after that login" },
                { "power-user", "active on at least " + steps.powerMinDays() + " days of weeks " + (steps.habitWeeks() + 1)
                        + " to " + 2 * steps.habitWeeks() } };
        List<ActivationFunnel.Step> result = new ArrayList<>();
        for (int step = 0; step < names.length; step++) {
            result.add(new ActivationFunnel.Step(names[step][0], names[step][1], reached[step],
                    step == 0 ? null : UsageCalculator.percent(reached[step], reached[step - 1]),
                    UsageCalculator.percent(reached[step], reached[0])));
        }
        return result;
    }

    private static final class UserDays {
        final BitSet active = new BitSet();
        final BitSet actions = new BitSet();
        int firstLogin = Integer.MAX_VALUE;
    }
}
