package dev.uptake.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * Everything the generated world depends on: the same settings always give the same events, byte for byte.
 *
 * @param end          first day after the simulated period (exclusive), so every event lies in the past
 * @param newUserShare share of the users of older accounts who sign up during the simulated period
 */
public record SimulationSettings(long seed, int accounts, int users, int months, LocalDate end, double newUserShare,
        PlantedTruth truth) {

    public SimulationSettings {
        if (accounts < 1) {
            throw new IllegalArgumentException("--accounts must be at least 1");
        }
        if (users < accounts) {
            throw new IllegalArgumentException("--users must be at least --accounts (every account has a user)");
        }
        if (months < 1 || months > 36) {
            throw new IllegalArgumentException("--months must be between 1 and 36");
        }
        if (!(newUserShare >= 0 && newUserShare <= 1)) {
            throw new IllegalArgumentException("--new-user-share must be between 0 and 1");
        }
    }

    public LocalDate start() {
        return end.minusMonths(months);
    }

    /** Number of simulated days; day indexes run from 0 (start) to days() - 1. */
    public int days() {
        return (int) ChronoUnit.DAYS.between(start(), end);
    }

    /** A short digest of the settings, part of every messageId so two different worlds never share one. */
    public String fingerprint() {
        String text = seed + "|" + accounts + "|" + users + "|" + months + "|" + end + "|" + newUserShare + "|" + truth;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
