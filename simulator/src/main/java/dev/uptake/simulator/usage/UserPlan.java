package dev.uptake.simulator.usage;

import dev.uptake.simulator.world.User;

/** What one user does, day by day: sessions per day and planned power-feature uses per day. */
public final class UserPlan {

    public static final int NEVER = Integer.MAX_VALUE;

    private final User user;
    final int[] sessions;
    final int[] powerUses;
    int firstDay = -1;
    int secondDay = -1;
    boolean actsFirstDay = true;
    boolean adopter;
    boolean retained;
    int dormancyDay = NEVER;

    UserPlan(User user, int days) {
        this.user = user;
        this.sessions = new int[days];
        this.powerUses = new int[days];
    }

    public User user() {
        return user;
    }

    public int sessions(int day) {
        return sessions[day];
    }

    public int powerUses(int day) {
        return powerUses[day];
    }

    /** First day with activity, -1 when the user never logs in during the period. */
    public int firstDay() {
        return firstDay;
    }

    /** False for users who log in once and only look around (the funnel's "did not act"). */
    public boolean actsFirstDay() {
        return actsFirstDay;
    }

    public boolean adopter() {
        return adopter;
    }

    /** Established users: came back within two weeks of their first activity. */
    boolean established() {
        return secondDay >= 0;
    }

    void activate(int day, int count) {
        if (day >= 0 && day < sessions.length && sessions[day] == 0) {
            sessions[day] = count;
        }
    }

    boolean active(int day) {
        return day >= 0 && day < sessions.length && sessions[day] > 0;
    }

    boolean activeBetween(int from, int toExclusive) {
        for (int day = Math.max(0, from); day < Math.min(toExclusive, sessions.length); day++) {
            if (sessions[day] > 0) {
                return true;
            }
        }
        return false;
    }

    /** Nothing from this day on. */
    void stopFrom(int day) {
        for (int d = Math.max(0, day); d < sessions.length; d++) {
            sessions[d] = 0;
            powerUses[d] = 0;
        }
    }
}
