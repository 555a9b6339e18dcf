package dev.uptake.scoring.service;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.bson.Document;

import dev.uptake.scoring.Feature;
import dev.uptake.scoring.repository.Ids;

/**
 * Account and user months: per account or user and month, each counter a day document has ({@code events},
 * {@code ev.<name>}, {@code evp.<key>}) as a series keyed by the day of the month ({@code ev.<name>.07}).
 */
final class MonthSeries {

    /** On a user month, the account of each day ({@code acct.07}), as the user day has it. */
    static final String ACCOUNTS = "acct";
    /** On a user month, the starts of the sessions that began each day ({@code ss.07: ["2026-12-07T09:12:00Z"]}). */
    static final String SESSIONS = "ss";
    /** On a user month, each session's end by day and start ({@code se.07.<start>}), as its session document has it. */
    static final String SESSION_ENDS = "se";
    /** On a user month, each session's account by day and start ({@code sa.07.<start>}), when it has one. */
    static final String SESSION_ACCOUNTS = "sa";

    private MonthSeries() {
    }

    /** {@code 2026-12} of the ISO day {@code 2026-12-07}. */
    static String month(String day) {
        return day.substring(0, 7);
    }

    /** {@code 07} of the ISO day {@code 2026-12-07}. */
    static String slot(String day) {
        return day.substring(8, 10);
    }

    /** The month document's field for the account day's {@code dayField} on {@code day}: {@code ev.Logged In.07}. */
    static String field(String dayField, String day) {
        return dayField + "." + slot(day);
    }

    /**
     * The sessions that a user month names as started on a day {@code wanted} accepts: those whose end the month keeps
     * to {@code known}, the ids of the others' session documents (kept before their months did) to {@code unknown}.
     */
    static void sessions(String tenantId, Document month, Predicate<LocalDate> wanted,
            Consumer<UsageCalculator.Session> known, Consumer<String> unknown) {
        String userId = month.getString("userId");
        Document ends = month.get(SESSION_ENDS, new Document());
        Document accounts = month.get(SESSION_ACCOUNTS, new Document());
        LocalDate first = firstDay(month);
        month.get(SESSIONS, new Document()).forEach((slot, starts) -> {
            LocalDate day = day(first, slot);
            if (wanted.test(day)) {
                Document endsOfDay = ends.get(slot, new Document());
                Document accountsOfDay = accounts.get(slot, new Document());
                for (Object value : (List<?>) starts) {
                    String start = (String) value;
                    String key = Ids.field(start);
                    Date end = endsOfDay.getDate(key);
                    if (end == null) {
                        unknown.accept(Ids.of(tenantId, userId, start));
                    } else {
                        known.accept(UsageCalculator.Session.of(userId, accountsOfDay.getString(key), day,
                                epochMilli(day, start), end.getTime()));
                    }
                }
            }
        });
    }

    private static LocalDate firstDay(Document month) {
        return LocalDate.parse(month.getString("month") + "-01");
    }

    private static LocalDate day(LocalDate firstDay, String slot) {
        return firstDay.withDayOfMonth(Integer.parseInt(slot));
    }

    /**
     * The milliseconds of a session's start on {@code day}, written as {@link Instant#toString()} does
     * ({@code 2026-12-07T09:12:00Z}, {@code 2026-12-07T09:12:00.250Z}) and truncated as a stored date is. Read by hand:
     * {@link Instant#parse} took a tenth of an overview's CPU; any other form is parsed in full.
     */
    static long epochMilli(LocalDate day, String start) {
        int length = start.length();
        if (length < 20 || start.charAt(10) != 'T' || start.charAt(length - 1) != 'Z'
                || start.charAt(19) != 'Z' && start.charAt(19) != '.') {
            return Instant.parse(start).toEpochMilli();
        }
        long millis = 0;
        for (int i = 20; i < 23; i++) {
            millis = millis * 10 + (i < length - 1 ? start.charAt(i) - '0' : 0);
        }
        return day.toEpochDay() * 86_400_000L + twoDigits(start, 11) * 3_600_000L + twoDigits(start, 14) * 60_000L
                + twoDigits(start, 17) * 1_000L + millis;
    }

    private static int twoDigits(String text, int at) {
        return (text.charAt(at) - '0') * 10 + text.charAt(at + 1) - '0';
    }

    /** The user month's field for the end of the session that started at {@code start}, on the ISO {@code day}. */
    static String sessionEnd(String day, String start) {
        return sessionField(SESSION_ENDS, day, start);
    }

    /** The user month's field for the account of the session that started at {@code start}, on the ISO {@code day}. */
    static String sessionAccount(String day, String start) {
        return sessionField(SESSION_ACCOUNTS, day, start);
    }

    private static String sessionField(String field, String day, String start) {
        return field(field, day) + "." + Ids.field(start);
    }

    /** The month of {@code day} of an account or a user. */
    static String id(String tenantId, String subjectId, String day) {
        return Ids.of(tenantId, subjectId, month(day));
    }

    /**
     * The month document's days that {@code wanted} accepts, each as the day document it summarises: an account
     * month's days have no user; a user month's days carry the account of the day.
     */
    static void days(Document month, Predicate<LocalDate> wanted, Consumer<UsageCalculator.Day> out) {
        String userId = month.getString("userId");
        String accountId = month.getString("accountId");
        Document accounts = month.get(ACCOUNTS, new Document());
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        month.get("ev", new Document()).forEach((name, series) -> {
            String counter = Ids.unfield(name);
            ((Document) series).forEach((slot, n) ->
                    counts.computeIfAbsent(slot, s -> new HashMap<>()).put(counter, ((Number) n).longValue()));
        });
        month.get("evp", new Document()).forEach((key, series) -> {
            String counter = Feature.EventMatch.BY_PROPERTY + Ids.unfield(key);
            ((Document) series).forEach((slot, n) ->
                    counts.computeIfAbsent(slot, s -> new HashMap<>()).put(counter, ((Number) n).longValue()));
        });
        Document events = month.get("events", new Document());
        events.keySet().forEach(slot -> counts.computeIfAbsent(slot, s -> new HashMap<>()));
        LocalDate first = firstDay(month);
        counts.forEach((slot, byCounter) -> {
            LocalDate day = day(first, slot);
            if (wanted.test(day)) {
                Number total = (Number) events.get(slot);
                // Compact and shared where they repeat: a tenant's overview holds hundreds of thousands of days.
                String dayAccount = userId == null ? accountId : accounts.getString(slot);
                out.accept(new UsageCalculator.Day(userId, dayAccount == null ? null : dayAccount.intern(), day,
                        total == null ? 0 : total.longValue(), Map.copyOf(byCounter)));
            }
        });
    }
}
