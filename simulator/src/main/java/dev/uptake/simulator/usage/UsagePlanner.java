package dev.uptake.simulator.usage;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.uptake.simulator.PlantedTruth;
import dev.uptake.simulator.SimulationSettings;
import dev.uptake.simulator.world.Account;
import dev.uptake.simulator.world.Randoms;
import dev.uptake.simulator.world.User;

/**
 * Plans one account's life so that the planted truth holds by construction: each user walks the funnel, established
 * users adopt the power feature and stay or go dormant with the planted rates, habits form and decay, and each
 * renewal draws its usage band and then its outcome from the band's renewal rate.
 */
public final class UsagePlanner {

    /** Days after the first activity covered by the funnel (return, weekly habit, power use). */
    public static final int FUNNEL_DAYS = 63;
    /** Established users whose first activity is this close to the end are not measured for retention. */
    public static final int RETENTION_HORIZON = 120;
    public static final int RETENTION_WINDOW = 30;
    public static final int BAND_WINDOW = 30;
    public static final int LOGIN_WINDOW = 28;

    private static final int POWER = 0;
    private static final int HABIT = 1;
    private static final int SPORADIC = 2;
    private static final int MAX_SESSIONS_PER_DAY = 6;
    private static final double NO_USE_BAND_WEIGHT = 0.16;

    private final SimulationSettings settings;
    private final PlantedTruth truth;
    private final int days;
    private final boolean[] weekend;

    public UsagePlanner(SimulationSettings settings) {
        this.settings = settings;
        this.truth = settings.truth();
        this.days = settings.days();
        this.weekend = new boolean[days];
        LocalDate start = settings.start();
        for (int d = 0; d < days; d++) {
            int dayOfWeek = start.plusDays(d).getDayOfWeek().getValue();
            weekend[d] = dayOfWeek >= 6;
        }
    }

    public AccountPlan plan(Account account) {
        List<UserPlan> users = new ArrayList<>();
        for (User user : account.users()) {
            UserPlan plan = new UserPlan(user, days);
            SplittableRandom random = Randoms.stream(settings.seed(), 3, account.index(), user.index());
            schedule(plan, random);
            users.add(plan);
        }
        keepRetainedUsersActiveAtTheEnd(users, Randoms.stream(settings.seed(), 5, account.index()));
        SplittableRandom random = Randoms.stream(settings.seed(), 2, account.index());
        List<Renewal> renewals = new ArrayList<>();
        List<int[]> bandWindows = new ArrayList<>();
        int churnDay = UserPlan.NEVER;
        int seats = account.seats();
        LocalDate renewalDate = firstRenewalOnOrAfter(account.contractStart(), settings.start());
        while (dayOf(renewalDate) < days) {
            int day = dayOf(renewalDate);
            LocalDate next = renewalDate.plusYears(1);
            if (day < BAND_WINDOW) {
                renewals.add(new Renewal(day, renewalDate, null, 0, seats, next));
                renewalDate = next;
                continue;
            }
            int uses = planPowerUsesBefore(day, users, random);
            int band = truth.bandIndex(uses);
            boolean renews = random.nextDouble() < truth.renewalRate(band);
            String outcome = Renewal.CHURNED;
            if (renews) {
                boolean expands = random.nextDouble() < (band >= 2 ? 0.30 : 0.10);
                if (expands) {
                    seats = (int) Math.ceil(seats * (1.1 + random.nextDouble() * 0.4));
                }
                outcome = expands ? Renewal.EXPANDED : Renewal.RENEWED;
            }
            shapeLoginsBefore(day, users, renews, random);
            bandWindows.add(new int[] { day - BAND_WINDOW, day });
            renewals.add(new Renewal(day, renewalDate, outcome, uses, seats, renews ? next : renewalDate));
            if (!renews) {
                churnDay = day;
                for (UserPlan user : users) {
                    user.stopFrom(day);
                }
                break;
            }
            renewalDate = next;
        }
        planEverydayPowerUses(users, bandWindows, Randoms.stream(settings.seed(), 6, account.index()));
        return new AccountPlan(account, users, renewals, churnDay);
    }

    // ---- users ----

    private void schedule(UserPlan plan, SplittableRandom random) {
        User user = plan.user();
        if (user.signupDay() >= 0) {
            walkFunnel(plan, random);
        } else {
            continueEstablishedUser(plan, random);
        }
        if (plan.established()) {
            plan.adopter = random.nextDouble() < truth.adoptionRate();
            if (plan.adopter) {
                plan.powerUses[plan.secondDay] = 1; // adopts the day they come back
            }
            plan.retained = random.nextDouble() < (plan.adopter ? truth.adopterRetention()
                    : truth.nonAdopterRetention());
            int earliestDormancy = plan.firstDay + FUNNEL_DAYS;
            int latestDormancy = days - RETENTION_WINDOW - 1;
            if (!plan.retained && earliestDormancy <= latestDormancy) {
                plan.dormancyDay = Randoms.between(random, earliestDormancy, latestDormancy);
                plan.stopFrom(plan.dormancyDay);
            }
        }
    }

    /** A user who signs up during the period: log in (or not), act, return, form a weekly habit, become a power user. */
    private void walkFunnel(UserPlan plan, SplittableRandom random) {
        PlantedTruth.Funnel funnel = truth.funnel();
        int signup = plan.user().signupDay();
        int first;
        if (random.nextDouble() < funnel.loginWithin7Days()) {
            first = signup + Randoms.between(random, 0, 6);
        } else if (random.nextDouble() < 0.5) {
            first = signup + Randoms.between(random, 7, 60);
        } else {
            return; // invited, never logs in
        }
        if (first >= days) {
            return;
        }
        plan.firstDay = first;
        plan.activate(first, 1);
        plan.actsFirstDay = random.nextDouble() < funnel.act();
        if (!plan.actsFirstDay || random.nextDouble() >= funnel.returnRate()) {
            return; // looked around once, or acted once: dormant from now on
        }
        int returnDay = first + Randoms.between(random, 1, 13);
        if (returnDay >= days) {
            return;
        }
        plan.activate(returnDay, 1);
        plan.secondDay = returnDay;
        boolean habit = random.nextDouble() < funnel.weeklyHabit();
        boolean power = habit && random.nextDouble() < funnel.powerUser();
        int skippedWeek = returnDay - first >= 7 ? Randoms.between(random, 2, 4) : Randoms.between(random, 1, 4);
        for (int week = 1; week <= 4; week++) {
            int from = first + 7 * week;
            if (habit) {
                activateDays(plan, random, from, Randoms.between(random, 1, 3), 1, 2);
            } else if (week != skippedWeek) {
                activateEachDay(plan, random, from, 0.12);
            }
        }
        for (int week = 5; week <= 8; week++) {
            int from = first + 7 * week;
            if (power) {
                activateDays(plan, random, from, Randoms.between(random, 4, 6), 1, 3);
            } else if (habit) {
                activateDays(plan, random, from, Randoms.between(random, 1, 3), 1, 2);
            } else {
                activateEachDay(plan, random, from, 0.12);
            }
        }
        int state = power ? POWER : habit ? HABIT : SPORADIC;
        liveNaturally(plan, random, first + FUNNEL_DAYS, state);
    }

    /** A user who signed up before the period: invited and never seen, dormant, or active with some habit. */
    private void continueEstablishedUser(UserPlan plan, SplittableRandom random) {
        int kind = Randoms.weighted(random, 0.08, 0.22, 0.30, 0.30, 0.10);
        if (kind <= 1) {
            return;
        }
        int state = kind == 2 ? SPORADIC : kind == 3 ? HABIT : POWER;
        int first = Randoms.between(random, 0, 6);
        int second = first + Randoms.between(random, 1, 7);
        if (second >= days) {
            return;
        }
        plan.activate(first, 1);
        plan.activate(second, 1);
        plan.firstDay = first;
        plan.secondDay = second;
        liveNaturally(plan, random, second + 1, state);
    }

    /** Week by week, habits form and decay; the state sets how many days a week the user shows up. */
    private void liveNaturally(UserPlan plan, SplittableRandom random, int from, int initialState) {
        int state = initialState;
        for (int weekStart = from; weekStart < days; weekStart += 7) {
            double roll = random.nextDouble();
            state = switch (state) {
                case POWER -> roll < 0.03 ? HABIT : POWER;
                case HABIT -> roll < 0.01 ? POWER : roll < 0.04 ? SPORADIC : HABIT;
                default -> roll < 0.02 ? HABIT : SPORADIC;
            };
            switch (state) {
                case POWER -> activateDays(plan, random, weekStart, Randoms.between(random, 4, 6), 1, 3);
                case HABIT -> activateDays(plan, random, weekStart, Randoms.between(random, 2, 3), 1, 2);
                default -> {
                    if (random.nextDouble() < 0.45) {
                        activateDays(plan, random, weekStart, 1, 1, 1);
                    }
                }
            }
        }
    }

    /** Activates {@code count} distinct days of the week starting at {@code weekStart}, weekdays preferred. */
    private void activateDays(UserPlan plan, SplittableRandom random, int weekStart, int count, int minSessions,
            int maxSessions) {
        double[] weights = new double[7];
        for (int i = 0; i < 7; i++) {
            int day = weekStart + i;
            weights[i] = day < 0 || day >= days || plan.active(day) ? 0 : weekend[day] ? 0.15 : 1.0;
        }
        for (int n = 0; n < count; n++) {
            double total = 0;
            for (double weight : weights) {
                total += weight;
            }
            if (total == 0) {
                return;
            }
            int i = Randoms.weighted(random, weights);
            plan.activate(weekStart + i, Randoms.between(random, minSessions, maxSessions));
            weights[i] = 0;
        }
    }

    private void activateEachDay(UserPlan plan, SplittableRandom random, int weekStart, double probability) {
        for (int i = 0; i < 7; i++) {
            int day = weekStart + i;
            double p = day < days && weekend[Math.min(day, days - 1)] ? probability * 0.2 : probability;
            if (random.nextDouble() < p) {
                plan.activate(day, 1);
            }
        }
    }

    /** Retained users show up at least once in the last 30 days, even if their habit had faded. */
    private void keepRetainedUsersActiveAtTheEnd(List<UserPlan> users, SplittableRandom random) {
        int windowStart = days - RETENTION_WINDOW;
        for (UserPlan user : users) {
            boolean measurable = user.firstDay >= 0 && user.firstDay + FUNNEL_DAYS < windowStart;
            if (user.established() && user.retained && measurable && !user.activeBetween(windowStart, days)) {
                int day;
                do {
                    day = Randoms.between(random, windowStart, days - 1);
                } while (weekend[day] && random.nextDouble() < 0.8);
                user.activate(day, 1);
            }
        }
    }

    // ---- renewals ----

    /**
     * Draws the account's usage band for the 30 days before a renewal and places exactly that many uses. Uses already
     * there (adopters' first uses) rule out the bands below them.
     */
    private int planPowerUsesBefore(int renewalDay, List<UserPlan> users, SplittableRandom random) {
        int from = renewalDay - BAND_WINDOW;
        int already = 0;
        List<int[]> slots = new ArrayList<>(); // {user, day}: adopters active after adopting
        for (int u = 0; u < users.size(); u++) {
            UserPlan user = users.get(u);
            if (!user.adopter) {
                continue;
            }
            for (int day = Math.max(from, user.secondDay); day < renewalDay; day++) {
                if (user.active(day)) {
                    slots.add(new int[] { u, day });
                    already += user.powerUses[day];
                }
            }
        }
        if (slots.isEmpty()) {
            return 0;
        }
        List<PlantedTruth.UsageBand> bands = truth.renewalBands();
        double[] weights = new double[bands.size() + 1];
        weights[0] = already == 0 ? NO_USE_BAND_WEIGHT : 0;
        for (int i = 1; i < weights.length; i++) {
            Integer max = bands.get(i - 1).maxUses();
            weights[i] = max == null || max >= already ? (1 - NO_USE_BAND_WEIGHT) / bands.size() : 0;
        }
        int pick = Randoms.weighted(random, weights);
        if (pick == 0) {
            return 0;
        }
        PlantedTruth.UsageBand band = bands.get(pick - 1);
        int max = band.maxUses() == null ? band.minUses() + 14 : band.maxUses();
        int uses = Randoms.between(random, Math.max(band.minUses(), already), Math.max(max, already));
        for (int n = already; n < uses; n++) {
            int[] slot = slots.get(random.nextInt(slots.size()));
            users.get(slot[0]).powerUses[slot[1]]++;
        }
        return uses;
    }

    /**
     * Renewing accounts log in often in the four weeks before renewal, churning ones rarely: the planted threshold
     * separates them. Renewers' users log in more often on their active days and, once past their funnel and while
     * not dormant, on more days; churners' users lose days other than their first two and those with power uses.
     * Every user-level measure stays as planted.
     */
    private void shapeLoginsBefore(int renewalDay, List<UserPlan> users, boolean renews, SplittableRandom random) {
        int from = renewalDay - LOGIN_WINDOW;
        int members = 0;
        for (UserPlan user : users) {
            if (user.user().signupDay() < from) {
                members++;
            }
        }
        if (members == 0) {
            return;
        }
        double weeks = LOGIN_WINDOW / 7.0;
        double threshold = truth.loginsPerWeekThreshold();
        List<int[]> activeDays = new ArrayList<>();
        int logins = 0;
        for (int u = 0; u < users.size(); u++) {
            UserPlan user = users.get(u);
            for (int day = from; day < renewalDay; day++) {
                if (user.active(day)) {
                    activeDays.add(new int[] { u, day });
                    logins += user.sessions[day];
                }
            }
        }
        if (renews) {
            double perUserWeek = threshold * (1.2 + random.nextDouble() * 0.8);
            long target = (long) Math.ceil(perUserWeek * weeks * members);
            logins = addSessions(users, activeDays, logins, target, 3);
            logins += addLoginDays(users, from, renewalDay, target - logins, random);
            logins += wakeDormantUsers(users, from, renewalDay, target - logins, random);
            addSessions(users, activeDaysBetween(users, from, renewalDay), logins, target, MAX_SESSIONS_PER_DAY);
        } else {
            dropLogins(users, activeDays, threshold * (0.3 + random.nextDouble() * 0.5) * weeks * members, random);
        }
    }

    /** New active days for renewers' users who are past their funnel and not dormant; returns the logins added. */
    private int addLoginDays(List<UserPlan> users, int from, int renewalDay, long missing, SplittableRandom random) {
        List<int[]> free = new ArrayList<>();
        for (int u = 0; u < users.size(); u++) {
            UserPlan user = users.get(u);
            if (!user.established() || user.firstDay + FUNNEL_DAYS >= from) {
                continue;
            }
            for (int day = from; day < Math.min(renewalDay, user.dormancyDay); day++) {
                if (!user.active(day) && !weekend[day]) {
                    free.add(new int[] { u, day });
                }
            }
        }
        int added = 0;
        while (added < missing && !free.isEmpty()) {
            int[] slot = free.remove(random.nextInt(free.size()));
            int sessions = Randoms.between(random, 1, 2);
            users.get(slot[0]).activate(slot[1], sessions);
            added += sessions;
        }
        return added;
    }

    /**
     * Users who have not been seen since before the period look in again before a renewal, on days at least 15 days
     * apart: that never makes them established users, so no user-level measure changes.
     */
    private int wakeDormantUsers(List<UserPlan> users, int from, int renewalDay, long missing,
            SplittableRandom random) {
        int added = 0;
        for (UserPlan user : users) {
            if (added >= missing) {
                break;
            }
            if (user.user().signupDay() >= 0 || user.firstDay >= 0 || user.activeBetween(0, days)) {
                continue;
            }
            int first = weekdayBetween(from, from + 12, random);
            int sessions = Randoms.between(random, 1, 3);
            user.activate(first, sessions);
            added += sessions;
            int second = weekdayBetween(first + 15, renewalDay - 1, random);
            if (added < missing && second >= first + 15) {
                sessions = Randoms.between(random, 1, 3);
                user.activate(second, sessions);
                added += sessions;
            }
        }
        return added;
    }

    /** A weekday in [from, to] if there is one, else {@code from}. */
    private int weekdayBetween(int from, int to, SplittableRandom random) {
        for (int attempt = 0; attempt < 20; attempt++) {
            int day = Randoms.between(random, from, to);
            if (day < days && !weekend[day]) {
                return day;
            }
        }
        return from;
    }

    private List<int[]> activeDaysBetween(List<UserPlan> users, int from, int toExclusive) {
        List<int[]> slots = new ArrayList<>();
        for (int u = 0; u < users.size(); u++) {
            for (int day = from; day < toExclusive; day++) {
                if (users.get(u).active(day)) {
                    slots.add(new int[] { u, day });
                }
            }
        }
        return slots;
    }

    /** More sessions on active days, up to {@code maxPerDay}; returns the logins now. */
    private int addSessions(List<UserPlan> users, List<int[]> activeDays, int logins, long target, int maxPerDay) {
        boolean grew = true;
        while (logins < target && grew) {
            grew = false;
            for (int[] slot : activeDays) {
                UserPlan user = users.get(slot[0]);
                if (logins < target && user.sessions[slot[1]] < maxPerDay) {
                    user.sessions[slot[1]]++;
                    logins++;
                    grew = true;
                }
            }
        }
        return logins;
    }

    private void dropLogins(List<UserPlan> users, List<int[]> activeDays, double limit, SplittableRandom random) {
        int logins = 0;
        List<int[]> droppable = new ArrayList<>();
        for (int[] slot : activeDays) {
            UserPlan user = users.get(slot[0]);
            user.sessions[slot[1]] = 1;
            logins++;
            boolean kept = slot[1] == user.firstDay || slot[1] == user.secondDay || user.powerUses[slot[1]] > 0;
            if (!kept) {
                droppable.add(slot);
            }
        }
        while (logins >= limit && !droppable.isEmpty()) {
            int[] slot = droppable.remove(random.nextInt(droppable.size()));
            users.get(slot[0]).sessions[slot[1]] = 0;
            logins--;
        }
    }

    /**
     * After adopting, adopters use the power feature on about a third of their days, except in the 30 days before a
     * renewal, whose uses are planned exactly.
     */
    private void planEverydayPowerUses(List<UserPlan> users, List<int[]> bandWindows, SplittableRandom random) {
        for (UserPlan user : users) {
            if (!user.adopter) {
                continue;
            }
            for (int day = user.secondDay + 1; day < days; day++) {
                if (user.active(day) && !inWindow(day, bandWindows) && random.nextDouble() < 0.35) {
                    user.powerUses[day] += Randoms.between(random, 1, 3);
                }
            }
        }
    }

    private static boolean inWindow(int day, List<int[]> windows) {
        for (int[] window : windows) {
            if (day >= window[0] && day < window[1]) {
                return true;
            }
        }
        return false;
    }

    static LocalDate firstRenewalOnOrAfter(LocalDate contractStart, LocalDate start) {
        LocalDate renewal = contractStart.plusYears(1);
        while (renewal.isBefore(start)) {
            renewal = renewal.plusYears(1);
        }
        return renewal;
    }

    private int dayOf(LocalDate date) {
        return (int) ChronoUnit.DAYS.between(settings.start(), date);
    }
}
