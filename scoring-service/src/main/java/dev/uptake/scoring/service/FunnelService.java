package dev.uptake.scoring.service;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import dev.uptake.kit.problem.ProblemException;
import dev.uptake.scoring.ActivationFunnel;
import dev.uptake.scoring.Feature;
import dev.uptake.scoring.Window;
import dev.uptake.scoring.repository.FeatureCatalog;
import dev.uptake.scoring.repository.Ids;
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
                history.accounts(tenantId, Profiles.ACCOUNT_FIELDS), history.users(tenantId, USER_FIELDS)).asTuple()
                .chain(found -> {
                    Actions actions = new Actions(features, steps.actionFromLevel());
                    List<Member> cohort = cohort(window, found.getItem2().values(), found.getItem1(), actions, age,
                            filter);
                    // Only the days where a logged-in member's action could count are read, by id.
                    Map<String, Member> byDay = new HashMap<>();
                    for (Member member : cohort) {
                        if (member.loggedInInTime(steps)) {
                            for (int day = Math.max(0, member.login); day <= Math.min(window.days() - 1,
                                    member.login + steps.actWithinDays() - 1); day++) {
                                byDay.put(Ids.of(tenantId, member.userId, window.from().plusDays(day).toString()), member);
                            }
                        }
                    }
                    return history.foldUserDaysById(byDay.keySet(), actions.counters(), () -> byDay,
                            (members, day) -> {
                                if (actions.acted(day)) {
                                    members.get(Ids.of(tenantId, day.userId(), day.day().toString())).actions
                                            .set((int) ChronoUnit.DAYS.between(window.from(), day.day()));
                                }
                            })
                            .map(ignored -> compute(window, cohort, steps, age));
                }));
    }

    /** Users and their summaries: active days by month and first use of each event. */
    private static final List<String> USER_FIELDS = Profiles.userFieldsAnd(ActiveMonths.FIELD, RollupService.FIRST_USED);

    /** What counts as a login, and as an action: a feature's use from actionFromLevel when it has that level. */
    static final class Actions {
        /** The counter keys of the login-only features. */
        final List<String> loginKeys;
        final Map<Feature, Integer> actionWeights = new java.util.LinkedHashMap<>();

        Actions(List<Feature> features, String actionFromLevel) {
            loginKeys = features.stream().filter(Feature::activityOnly)
                    .flatMap(feature -> FeatureUse.keys(feature, FeatureUse.ANY_LEVEL).stream()).toList();
            for (Feature feature : features.stream().filter(f -> !f.activityOnly()).toList()) {
                boolean hasLevel = feature.depthLevels().stream().anyMatch(l -> l.name().equals(actionFromLevel));
                actionWeights.put(feature, hasLevel ? FeatureUse.minWeight(feature, actionFromLevel)
                        : FeatureUse.ANY_LEVEL);
            }
        }

        /** The user's first login ever (ISO day), from the summary; null if none. */
        String firstLogin(Document user) {
            return FeatureUse.firstUse(user, loginKeys);
        }

        List<String> counters() {
            List<String> counters = new ArrayList<>();
            actionWeights.forEach((feature, weight) -> counters.addAll(FeatureUse.keys(feature, weight)));
            return counters;
        }

        boolean acted(UsageCalculator.Day day) {
            return actionWeights.entrySet().stream().anyMatch(e -> FeatureUse.uses(day, e.getKey(), e.getValue()) > 0);
        }
    }

    /** One user of the cohort: offsets from the window's first day. */
    static final class Member {
        final String userId;
        final int signup;
        final int login;
        final BitSet active;
        final BitSet actions = new BitSet();

        Member(String userId, int signup, int login, BitSet active) {
            this.userId = userId;
            this.signup = signup;
            this.login = login;
            this.active = active;
        }

        boolean loggedInInTime(FunnelService.Steps steps) {
            return login != Integer.MAX_VALUE && login <= signup + steps.loginWithinDays() - 1;
        }
    }

    /** The users who signed up from the window's first day to minAgeDays before its end, as the filters allow. */
    static List<Member> cohort(Window window, java.util.Collection<Document> users, Map<String, Document> accounts,
            Actions actions, int minAgeDays, MetricsService.Filter filter) {
        LocalDate lastSignup = window.to().plusDays(1).minusDays(minAgeDays);
        List<Member> cohort = new ArrayList<>();
        for (Document user : users) {
            LocalDate signup = signup(user);
            if (signup == null || signup.isBefore(window.from()) || signup.isAfter(lastSignup)) {
                continue;
            }
            Document account = user.getString("accountId") == null ? null : accounts.get(user.getString("accountId"));
            if (!filter.userMatches(user) || !filter.accountMatches(account)
                    || Profiles.churnedBy(account, signup.plusDays(minAgeDays - 1L))) {
                continue;
            }
            String login = actions.firstLogin(user);
            cohort.add(new Member(user.getString("userId"), (int) ChronoUnit.DAYS.between(window.from(), signup),
                    login == null ? Integer.MAX_VALUE
                            : (int) ChronoUnit.DAYS.between(window.from(), LocalDate.parse(login)),
                    ActiveMonths.within(user, window)));
        }
        return cohort;
    }

    static ActivationFunnel compute(Window window, List<Member> cohort, Steps steps, int minAgeDays) {
        long[] reached = new long[6];
        for (Member member : cohort) {
            int stepsReached = stepsReached(member, steps);
            for (int step = 0; step <= stepsReached; step++) {
                reached[step]++;
            }
        }
        return new ActivationFunnel(window, window.from(), window.to().plusDays(1).minusDays(minAgeDays), minAgeDays,
                describe(reached, steps));
    }

    /** 0 signed up, 1 logged in, 2 acted, 3 returned, 4 formed a weekly habit, 5 power user. */
    private static int stepsReached(Member user, Steps steps) {
        if (!user.loggedInInTime(steps)) {
            return 0;
        }
        int login = user.login;
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
}
