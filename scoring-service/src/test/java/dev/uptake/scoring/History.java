package dev.uptake.scoring;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import dev.uptake.contracts.TrackedEvent;

/**
 * A seeded, generated usage history, kept together with the facts it was generated from (sessions, active days,
 * feature uses), so tests derive their expected numbers from what was sent rather than from pasted constants.
 */
final class History {

    record Account(String id, String tier, String industry, int seats) {
    }

    record Person(String id, String accountId, String role, double activity) {
    }

    record Session(String userId, String accountId, Instant start, List<String> events, int gapMinutes) {

        LocalDate day() {
            return LocalDate.ofInstant(start, ZoneOffset.UTC);
        }

        long durationSeconds() {
            return (long) (events.size() - 1) * gapMinutes * 60;
        }
    }

    static final List<String> EVENT_NAMES = List.of("Report Built", "Dashboard Viewed", "Logged In", "Report Scheduled");

    final String tenantId;
    final List<Account> accounts;
    final List<Person> people;
    final List<Session> sessions = new ArrayList<>();
    final List<TrackedEvent> events = new ArrayList<>();

    History(String tenantId, List<Account> accounts, List<Person> people, LocalDate firstDay, LocalDate lastDay,
            long seed) {
        this.tenantId = tenantId;
        this.accounts = accounts;
        this.people = people;
        Random random = new Random(seed);
        for (Account account : accounts) {
            events.add(TestEvents.group(tenantId, account.id(), null, TestEvents.traits("name", account.id(),
                    "tier", account.tier(), "industry", account.industry(), "seats", account.seats()),
                    firstDay.atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        for (Person person : people) {
            events.add(TestEvents.identify(tenantId, person.id(), TestEvents.traits("role", person.role()),
                    firstDay.atStartOfDay(ZoneOffset.UTC).toInstant()));
            events.add(TestEvents.group(tenantId, person.accountId(), person.id(), Map.of(),
                    firstDay.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(1)));
        }
        for (LocalDate day = firstDay; !day.isAfter(lastDay); day = day.plusDays(1)) {
            for (Person person : people) {
                if (random.nextDouble() < person.activity()) {
                    int count = 1 + random.nextInt(2);
                    for (int s = 0; s < count; s++) {
                        // Sessions at 08:00 and 14:00: far more than the 30-minute timeout apart.
                        Instant start = day.atTime(8 + 6 * s, random.nextInt(30)).toInstant(ZoneOffset.UTC);
                        List<String> names = new ArrayList<>();
                        int length = 1 + random.nextInt(4);
                        for (int e = 0; e < length; e++) {
                            names.add(EVENT_NAMES.get(random.nextInt(EVENT_NAMES.size())));
                        }
                        Session session = new Session(person.id(), person.accountId(), start, names,
                                1 + random.nextInt(20));
                        sessions.add(session);
                        for (int e = 0; e < length; e++) {
                            events.add(TestEvents.track(tenantId, person.accountId(), person.id(), names.get(e),
                                    start.plusSeconds((long) e * session.gapMinutes() * 60)));
                        }
                    }
                }
            }
        }
    }

    long eventsOf(String accountId) {
        return events.stream().filter(event -> accountId.equals(event.accountId())).count();
    }

    /** Distinct active days per user within [from, to]. */
    Map<String, Set<LocalDate>> activeDays(LocalDate from, LocalDate to, java.util.function.Predicate<Person> who) {
        Map<String, Set<LocalDate>> days = new HashMap<>();
        for (Session session : sessions) {
            if (!session.day().isBefore(from) && !session.day().isAfter(to) && who.test(person(session.userId()))) {
                days.computeIfAbsent(session.userId(), u -> new HashSet<>()).add(session.day());
            }
        }
        return days;
    }

    Person person(String userId) {
        return people.stream().filter(person -> person.id().equals(userId)).findFirst().orElseThrow();
    }
}
