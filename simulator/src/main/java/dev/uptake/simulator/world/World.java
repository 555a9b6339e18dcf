package dev.uptake.simulator.world;

import java.util.List;

import dev.uptake.simulator.SimulationSettings;

/** The tenant's customer base: accounts with their users, and the product's features. */
public record World(SimulationSettings settings, List<Account> accounts, FeatureCatalog catalog) {

    public World {
        accounts = List.copyOf(accounts);
    }
}
