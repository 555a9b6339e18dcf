package dev.uptake.simulator.world;

import java.time.LocalDate;
import java.util.List;

/**
 * A customer account as it stands when the simulated period starts (or when it is created during it).
 *
 * @param createdDay    day index of its creation, negative when before the simulated period
 * @param contractStart first day of its yearly contract; renewals fall on its anniversaries
 */
public record Account(int index, String id, String name, String domain, Tier tier, String plan, String industry,
        String csm, int createdDay, LocalDate createdDate, LocalDate contractStart, int seats, List<User> users) {

    public Account {
        users = List.copyOf(users);
    }

    public int mrr() {
        return seats * tier.pricePerSeatMonth();
    }

    public User admin() {
        return users.get(0);
    }
}
