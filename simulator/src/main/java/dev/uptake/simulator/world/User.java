package dev.uptake.simulator.world;

/**
 * A user of an account.
 *
 * @param signupDay     day index the user was created (invited or signed up), negative when before the period
 * @param preferredHour UTC hour around which the user's working sessions start
 */
public record User(int index, String id, String name, String email, Role role, int signupDay, int preferredHour) {
}
