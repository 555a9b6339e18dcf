package dev.uptake.simulator.usage;

import java.time.LocalDate;

/**
 * A contract renewal inside the simulated period.
 *
 * @param outcome     renewed, expanded or churned; null for a renewal too early in the period to be measured (it
 *                    renews silently)
 * @param powerUses   planned power-feature uses in the 30 days before it
 * @param seatsAfter  licensed seats from this renewal on
 * @param nextRenewal the following renewal date (the missed one when churned)
 */
public record Renewal(int day, LocalDate date, String outcome, int powerUses, int seatsAfter, LocalDate nextRenewal) {

    public static final String RENEWED = "renewed";
    public static final String EXPANDED = "expanded";
    public static final String CHURNED = "churned";

    public boolean measured() {
        return outcome != null;
    }

    public boolean churned() {
        return CHURNED.equals(outcome);
    }
}
