package dev.uptake.scoring.service;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** Per account, a count per day (uses of a feature, logins), kept only for days where it is not zero. */
final class DailyCounts {

    private final Map<String, TreeMap<LocalDate, Long>> byAccount = new HashMap<>();

    void add(UsageCalculator.Day day, long count) {
        if (count > 0 && day.accountId() != null) {
            byAccount.computeIfAbsent(day.accountId(), account -> new TreeMap<>()).merge(day.day(), count, Long::sum);
        }
    }

    /** The account's counts on the days {@code from} (included) to {@code to} (excluded). */
    long sum(String accountId, LocalDate from, LocalDate to) {
        TreeMap<LocalDate, Long> days = byAccount.get(accountId);
        return days == null ? 0 : days.subMap(from, true, to, false).values().stream().mapToLong(Long::longValue).sum();
    }
}
