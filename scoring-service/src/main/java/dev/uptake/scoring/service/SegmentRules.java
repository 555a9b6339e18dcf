package dev.uptake.scoring.service;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

import org.bson.Document;

import dev.uptake.kit.problem.ProblemException;
import dev.uptake.scoring.Feature;
import dev.uptake.scoring.config.ScoringConfig;
import dev.uptake.scoring.repository.Ids;

/**
 * Behavioural segments and maturity from a subject's active days, the last day it used each event, and the feature
 * catalog. Each transition also says when it happened: at the event that caused it, or at the moment silence crossed
 * a threshold (the start of the day for the rolling windows), so a transition found late by the scheduled
 * re-evaluation carries the same time, and the same signal id, whenever it is found that day.
 */
public final class SegmentRules {

    public static final List<String> SEGMENTS = List.of("power", "casual", "at-risk", "dormant", "new");

    /** Refuses a name that is not a segment: it would select no one, as if the segment were empty. */
    static void checkSegment(String name) {
        if (!SEGMENTS.contains(name)) {
            throw ProblemException.badRequest("invalid-parameter", "Invalid parameter",
                    "segment must be one of " + String.join(", ", SEGMENTS) + ".");
        }
    }
    public static final String KIND = "segment";
    /** The rolling window the frequency, decline and breadth rules look at. */
    public static final int WINDOW_DAYS = 30;
    /** How far back the rules look: the window and the one before it, for decline; also how many days are stored. */
    public static final int KEPT_DAYS = 2 * WINDOW_DAYS;

    private final ScoringConfig.Segments config;

    public SegmentRules(ScoringConfig.Segments config) {
        this.config = config;
    }

    /**
     * What segment evaluation needs of a user or account document. {@code lastUsed} maps an event name (or
     * {@code ?property-key} for a property-matched rule) to the last ISO day it was used; {@code role} is null for
     * accounts, whose breadth counts every feature. The active days are kept sorted, so a window's count is a range
     * lookup rather than a walk over the subject's whole history, and a subject is never changed once built. The
     * rules look back {@link #KEPT_DAYS} days at most, so documents keep the last {@link #KEPT_DAYS} active days
     * (which hold every day of that span) and the first active day on its own.
     */
    public record Subject(Instant since, Instant lastActiveAt, NavigableSet<String> activeDays, String firstActiveDay,
            String role, Map<String, String> lastUsed) {

        public Subject(Instant since, Instant lastActiveAt, Collection<String> activeDays, String role,
                Map<String, String> lastUsed) {
            this(since, lastActiveAt, Collections.unmodifiableNavigableSet(new TreeSet<>(activeDays)),
                    activeDays.stream().min(String::compareTo).orElse(null), role,
                    Collections.unmodifiableMap(new HashMap<>(lastUsed)));
        }

        /** Documents written before the days were bounded have no firstActiveDay: their full list starts there. */
        public static Subject of(Document document) {
            Date created = document.getDate("createdAt");
            Date first = document.getDate("firstSeenAt");
            Date lastActive = document.getDate("lastActiveAt");
            Map<String, String> used = new HashMap<>();
            document.get("lastUsed", new Document()).forEach((key, day) -> used.put(Ids.unfield(key), (String) day));
            NavigableSet<String> days = Collections.unmodifiableNavigableSet(new TreeSet<>(
                    document.getList("activeDays", String.class, List.of())));
            String firstActive = earlier(document.getString("firstActiveDay"), days.isEmpty() ? null : days.first());
            return new Subject(created != null ? created.toInstant() : first == null ? null : first.toInstant(),
                    lastActive == null ? null : lastActive.toInstant(), days, firstActive, document.getString("role"),
                    Collections.unmodifiableMap(used));
        }

        /**
         * The subject after one more moment of use. This runs once per event over subjects with months of history,
         * so the days and the last-used map are copied only when the event adds to them, which most events do not.
         */
        public Subject with(Instant firstSeen, Instant created, Instant lastActive, Collection<String> days,
                String newRole, Map<String, String> usedOn) {
            Instant newSince = created != null ? created
                    : since == null || firstSeen != null && firstSeen.isBefore(since) ? firstSeen : since;
            Instant newLast = lastActiveAt == null || lastActive != null && lastActive.isAfter(lastActiveAt) ? lastActive
                    : lastActiveAt;
            NavigableSet<String> allDays = activeDays;
            String firstActive = firstActiveDay;
            if (!activeDays.containsAll(days)) {
                TreeSet<String> grown = new TreeSet<>(activeDays);
                grown.addAll(days);
                allDays = Collections.unmodifiableNavigableSet(grown);
                firstActive = earlier(firstActive, grown.first());
            }
            Map<String, String> used = lastUsed;
            for (Map.Entry<String, String> use : usedOn.entrySet()) {
                if (later(use.getValue(), lastUsed.get(use.getKey()))) {
                    Map<String, String> merged = new HashMap<>(lastUsed);
                    usedOn.forEach((name, day) -> merged.merge(name, day, (a, b) -> a.compareTo(b) >= 0 ? a : b));
                    used = Collections.unmodifiableMap(merged);
                    break;
                }
            }
            return new Subject(newSince, newLast, allDays, firstActive, newRole != null ? newRole : role, used);
        }

        private static boolean later(String day, String known) {
            return known == null || day.compareTo(known) > 0;
        }

        private static String earlier(String day, String other) {
            return day == null ? other : other == null || day.compareTo(other) <= 0 ? day : other;
        }

        /** The first day the subject was active: its activation (ISO days order as strings). */
        LocalDate activatedOn() {
            return firstActiveDay == null ? null : LocalDate.parse(firstActiveDay);
        }
    }

    /**
     * In order: {@code new} (never active), {@code dormant} (silent for dormantSilentDays), {@code at-risk} (active
     * days down by atRiskDeclinePercent against the previous window, or at most atRiskMaxActiveDays in the window, or
     * breadth under atRiskBreadthBelowPercent), {@code power} (at least powerMinActiveDays and breadth of at least
     * powerMinBreadthPercent), else {@code casual}. A subject activated less than a window ago is not judged at-risk
     * yet: its first month is not over.
     */
    public String segment(Subject subject, Instant now, List<Feature> catalog) {
        if (subject.lastActiveAt() == null) {
            return "new";
        }
        if (!now.isBefore(subject.lastActiveAt().plus(Duration.ofDays(config.dormantSilentDays())))) {
            return "dormant";
        }
        // Days as epoch numbers and cached text: this runs once per event.
        long today = Days.epochDay(now);
        long current = activeDaysBetween(subject, today - (WINDOW_DAYS - 1), today);
        long previous = activeDaysBetween(subject, today - (2L * WINDOW_DAYS - 1), today - WINDOW_DAYS);
        Double breadth = breadth(subject, today, catalog);
        String activated = subject.firstActiveDay();
        boolean settled = activated != null && activated.compareTo(Days.text(today - WINDOW_DAYS)) <= 0;
        boolean falling = previous > 0 && current * 100 <= previous * (100 - config.atRiskDeclinePercent());
        if (settled && (falling || current <= config.atRiskMaxActiveDays()
                || breadth != null && breadth * 100 < config.atRiskBreadthBelowPercent())) {
            return "at-risk";
        }
        if (current >= config.powerMinActiveDays() && (breadth == null || breadth * 100 >= config.powerMinBreadthPercent())) {
            return "power";
        }
        return "casual";
    }

    /**
     * The share of the features relevant to the subject (its role's, or all for an account; login-only features do not
     * count) used in the window ending {@code today}; null when no feature is relevant, so breadth decides nothing.
     */
    public static Double breadth(Subject subject, LocalDate today, List<Feature> catalog) {
        return breadth(subject, today.toEpochDay(), catalog);
    }

    private static Double breadth(Subject subject, long today, List<Feature> catalog) {
        String from = Days.text(today - (WINDOW_DAYS - 1));
        String to = Days.text(today);
        int relevant = 0;
        int used = 0;
        for (Feature feature : catalog) {
            if (!feature.countsForBreadth(subject.role())) {
                continue;
            }
            relevant++;
            for (Feature.EventMatch match : feature.events()) {
                String day = subject.lastUsed().get(match.counterKey());
                if (day != null && day.compareTo(from) >= 0 && day.compareTo(to) <= 0) {
                    used++;
                    break;
                }
            }
        }
        return relevant == 0 ? null : (double) used / relevant;
    }

    /** ISO days order as strings, so no day is parsed. */
    private static long activeDaysBetween(Subject subject, long from, long to) {
        return subject.activeDays().subSet(Days.text(from), true, Days.text(to), true).size();
    }

    /**
     * The moment silence alone moved the subject into {@code segment} by {@code now}; used by the scheduled
     * re-evaluation, where no event marks the change.
     */
    public Instant changedAt(Subject subject, String segment, Instant now) {
        if (segment.equals("dormant") && subject.lastActiveAt() != null) {
            return subject.lastActiveAt().plus(Duration.ofDays(config.dormantSilentDays()));
        }
        // The rolling windows move at midnight: that is when an old active day stopped counting.
        return LocalDate.ofInstant(now, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** new (under 30 days), developing (30 to 90), mature (90 and more). */
    public static String maturity(Subject subject, Instant now) {
        if (subject.since() == null) {
            return "new";
        }
        long days = Duration.between(subject.since(), now).toDays();
        return days < 30 ? "new" : days < 90 ? "developing" : "mature";
    }
}
