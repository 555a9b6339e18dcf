package dev.uptake.scoring.service;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.bson.Document;

import dev.uptake.scoring.config.ScoringConfig;

/**
 * Behavioural segments and maturity from a subject's dates and recent active days. Each transition also says when it
 * happened: at the event that caused it, or at the moment silence crossed a threshold, so a transition found late by
 * the scheduled re-evaluation carries the same time, and the same signal id, whenever it is found.
 */
public final class SegmentRules {

    public static final List<String> SEGMENTS = List.of("power", "casual", "at-risk", "dormant", "new");
    public static final String KIND = "segment";

    private final ScoringConfig.Segments config;

    public SegmentRules(ScoringConfig.Segments config) {
        this.config = config;
    }

    /** What segment evaluation needs of a user or account document. */
    public record Subject(Instant since, Instant lastActiveAt, Set<String> activeDays) {

        public static Subject of(Document document) {
            Date created = document.getDate("createdAt");
            Date first = document.getDate("firstSeenAt");
            Date lastActive = document.getDate("lastActiveAt");
            return new Subject(created != null ? created.toInstant() : first == null ? null : first.toInstant(),
                    lastActive == null ? null : lastActive.toInstant(),
                    new HashSet<>(document.getList("activeDays", String.class, List.of())));
        }

        public Subject with(Instant firstSeen, Instant created, Instant lastActive, Collection<String> days) {
            Instant newSince = created != null ? created
                    : since == null || firstSeen != null && firstSeen.isBefore(since) ? firstSeen : since;
            Instant newLast = lastActiveAt == null || lastActive != null && lastActive.isAfter(lastActiveAt) ? lastActive
                    : lastActiveAt;
            Set<String> allDays = new HashSet<>(activeDays);
            allDays.addAll(days);
            return new Subject(newSince, newLast, allDays);
        }
    }

    public String segment(Subject subject, Instant now) {
        if (subject.since() != null && now.isBefore(subject.since().plus(Duration.ofDays(config.newDays())))) {
            return "new";
        }
        if (subject.lastActiveAt() == null || !now.isBefore(subject.lastActiveAt().plus(Duration.ofDays(config.dormantSilentDays())))) {
            return "dormant";
        }
        if (!now.isBefore(subject.lastActiveAt().plus(Duration.ofDays(config.atRiskSilentDays())))) {
            return "at-risk";
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        long recent = subject.activeDays().stream().map(LocalDate::parse)
                .filter(day -> !day.isAfter(today) && day.isAfter(today.minusDays(30))).count();
        return recent >= config.powerMinActiveDays() ? "power" : "casual";
    }

    /**
     * The moment silence or age alone moved the subject into {@code segment} by {@code now}; used by the scheduled
     * re-evaluation, where no event marks the change.
     */
    public Instant changedAt(Subject subject, String segment, Instant now) {
        return switch (segment) {
            case "dormant" -> subject.lastActiveAt() == null ? subject.since()
                    : subject.lastActiveAt().plus(Duration.ofDays(config.dormantSilentDays()));
            case "at-risk" -> subject.lastActiveAt().plus(Duration.ofDays(config.atRiskSilentDays()));
            case "casual", "power" -> {
                Instant aged = subject.since() == null ? null : subject.since().plus(Duration.ofDays(config.newDays()));
                // Leaving "new" by age, or falling from power to casual as old active days leave the 30-day span.
                yield aged != null && !aged.isAfter(now) && aged.isAfter(now.minus(Duration.ofDays(30))) ? aged
                        : LocalDate.ofInstant(now, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            default -> now;
        };
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
