package dev.uptake.scoring.service;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.bson.Document;

import dev.uptake.scoring.Window;

/**
 * A user's active days, kept on the user document as the days of each month ({@code am.2026-03: [2, 17]}) and added
 * with {@code $addToSet}: a year is twelve short arrays, so the analyses read them off the user documents instead of
 * streaming a year of user days, and redelivered or out-of-order events add nothing twice. (A bit mask per month
 * would be smaller, but the Mongo stand-in has no {@code $bit}.)
 */
public final class ActiveMonths {

    public static final String FIELD = "am";

    private ActiveMonths() {
    }

    /** The days of month of {@code days} (ISO dates), keyed by month (yyyy-MM), each once and in order. */
    public static Map<String, List<Integer>> byMonth(Collection<String> days) {
        Map<String, TreeSet<Integer>> byMonth = new TreeMap<>();
        for (String day : days) {
            byMonth.computeIfAbsent(day.substring(0, 7), month -> new TreeSet<>())
                    .add(Integer.parseInt(day.substring(8, 10)));
        }
        Map<String, List<Integer>> lists = new TreeMap<>();
        byMonth.forEach((month, ofMonth) -> lists.put(month, List.copyOf(ofMonth)));
        return lists;
    }

    /** The user's active days within {@code window}, as offsets from its first day. */
    static BitSet within(Document user, Window window) {
        BitSet active = new BitSet(window.days());
        Document months = user.get(FIELD, Document.class);
        if (months == null) {
            return active;
        }
        for (Map.Entry<String, Object> month : months.entrySet()) {
            YearMonth yearMonth = YearMonth.parse(month.getKey());
            if (yearMonth.atEndOfMonth().isBefore(window.from()) || yearMonth.atDay(1).isAfter(window.to())) {
                continue;
            }
            for (Object dayOfMonth : (List<?>) month.getValue()) {
                LocalDate day = yearMonth.atDay(((Number) dayOfMonth).intValue());
                if (window.contains(day)) {
                    active.set((int) ChronoUnit.DAYS.between(window.from(), day));
                }
            }
        }
        return active;
    }
}
