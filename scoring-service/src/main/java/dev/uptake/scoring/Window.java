package dev.uptake.scoring;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/** A range of whole UTC days, both ends included, that metrics are computed over. */
public record Window(LocalDate from, LocalDate to) {

    public int days() {
        return (int) ChronoUnit.DAYS.between(from, to) + 1;
    }

    public boolean contains(LocalDate day) {
        return !day.isBefore(from) && !day.isAfter(to);
    }

    public static Window lastDays(LocalDate asOf, int days) {
        return new Window(asOf.minusDays(days - 1L), asOf);
    }
}
