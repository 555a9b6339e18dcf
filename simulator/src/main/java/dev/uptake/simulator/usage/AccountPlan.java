package dev.uptake.simulator.usage;

import java.util.List;

import dev.uptake.simulator.world.Account;

/** An account's planned life: its users' days, its renewals, and the day it churned ({@link UserPlan#NEVER}). */
public record AccountPlan(Account account, List<UserPlan> users, List<Renewal> renewals, int churnDay) {

    public AccountPlan {
        users = List.copyOf(users);
        renewals = List.copyOf(renewals);
    }

    /** Whether a user ever joins: users who would sign up after the account churned never do. */
    public boolean joins(UserPlan user) {
        return Math.max(0, user.user().signupDay()) < churnDay;
    }
}
