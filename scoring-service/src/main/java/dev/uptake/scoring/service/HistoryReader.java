package dev.uptake.scoring.service;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import dev.uptake.scoring.Window;
import dev.uptake.scoring.repository.AccountDays;
import dev.uptake.scoring.repository.AccountMonths;
import dev.uptake.scoring.repository.AccountRollups;
import dev.uptake.scoring.repository.ErasedActivity;
import dev.uptake.scoring.repository.Ids;
import dev.uptake.scoring.repository.Sessions;
import dev.uptake.scoring.repository.UserDays;
import dev.uptake.scoring.repository.UserMonths;
import dev.uptake.scoring.repository.UserProfiles;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * A tenant's history for the analyses: accounts and users narrowed to what an analysis reads (users carry summaries
 * of their activity), and day documents fetched by id, only the days an analysis needs, folded one by one as they
 * arrive. Nothing scans a window's day documents: at 10,000 accounts a year of them is millions.
 */
@ApplicationScoped
public class HistoryReader {

    /** What {@link UsageCalculator.Session#of} reads. */
    private static final List<String> SESSION_FIELDS = List.of("userId", "accountId", "day", "start", "end");
    /** What {@link #fromMonths} reads of a user month besides its counters. */
    static final List<String> MONTH_FIELDS = List.of("userId", "month", "events", MonthSeries.ACCOUNTS,
            MonthSeries.SESSIONS, MonthSeries.SESSION_ENDS, MonthSeries.SESSION_ACCOUNTS);

    private final AccountRollups accounts;
    private final UserProfiles users;
    private final UserDays userDays;
    private final AccountDays accountDays;
    private final AccountMonths accountMonths;
    private final UserMonths userMonths;
    private final Sessions sessions;
    private final ErasedActivity erasedActivity;
    private final MonthBackfill monthBackfill;

    public HistoryReader(AccountRollups accounts, UserProfiles users, UserDays userDays, AccountDays accountDays,
            AccountMonths accountMonths, UserMonths userMonths, Sessions sessions, ErasedActivity erasedActivity,
            MonthBackfill monthBackfill) {
        this.sessions = sessions;
        this.erasedActivity = erasedActivity;
        this.accounts = accounts;
        this.accountMonths = accountMonths;
        this.userMonths = userMonths;
        this.monthBackfill = monthBackfill;
        this.users = users;
        this.accountDays = accountDays;
        this.userDays = userDays;
    }

    /** A tenant's accounts by id, each narrowed to {@code fields}. */
    public Uni<Map<String, Document>> accounts(String tenantId, List<String> fields) {
        return accounts.ofTenant(tenantId, fields).map(found -> MetricsService.byKey(found, "accountId"));
    }

    /** A tenant's users by id, each narrowed to {@code fields}. */
    public Uni<Map<String, Document>> users(String tenantId, List<String> fields) {
        return users.ofTenant(tenantId, fields).map(found -> MetricsService.byKey(found, "userId"));
    }

    /** The user days among {@code ids} that exist, with only the {@code counters} named, folded into {@code into()}. */
    <A> Uni<A> foldUserDaysById(Collection<String> ids, List<String> counters, Supplier<A> into,
            BiConsumer<A, UsageCalculator.Day> add) {
        return userDays.countersOf(List.copyOf(ids), List.of("userId", "accountId", "day", "events"), counters).collect()
                .in(into, (fold, document) -> add.accept(fold, UsageCalculator.Day.of(document)));
    }

    /**
     * The renewing accounts' days in the {@code days} days before each renewal, folded into a fresh {@code into()}.
     * Read by id from the account months, a month of days a document (a year of a tenant's account days is a hundred
     * times more documents, and the stand-in scans for anything but ids); from the account days themselves until the
     * months' backfill has finished. Only the {@code counters} asked for are read (keys as
     * {@link UsageCalculator.Day#counts()} has them).
     */
    <A> Uni<A> foldDaysBefore(String tenantId, Collection<RenewalHistory.Renewal> renewals, int days,
            List<String> counters, Supplier<A> into, BiConsumer<A, UsageCalculator.Day> add) {
        Map<String, Set<LocalDate>> wanted = new HashMap<>();
        for (RenewalHistory.Renewal renewal : renewals) {
            for (LocalDate day = renewal.date().minusDays(days); day.isBefore(renewal.date()); day = day.plusDays(1)) {
                wanted.computeIfAbsent(renewal.accountId(), account -> new HashSet<>()).add(day);
            }
        }
        return monthBackfill.complete(MonthBackfill.ACCOUNT_MONTHS).chain(monthly -> monthly
                ? accountMonths.countersOf(ids(wanted, (account, day) -> MonthSeries.id(tenantId, account, day)),
                        List.of("accountId", "month", "events"), counters)
                        .collect().in(into, (fold, month) -> MonthSeries.days(month,
                                wanted.get(month.getString("accountId"))::contains, day -> add.accept(fold, day)))
                : accountDays.countersOf(ids(wanted, (account, day) -> Ids.of(tenantId, account, day)),
                        List.of("accountId", "day", "events"), counters)
                        .collect().in(into, (fold, document) -> add.accept(fold, UsageCalculator.Day.of(document))));
    }

    /**
     * The days in {@code window} of the {@code users} (read with their {@link ActiveMonths} summary), with only the
     * {@code counters} named. Read by id from the months in which each user's summary has an active day in the window,
     * so a quiet user costs nothing; the tenant's user days are scanned instead until the months' backfill has
     * finished. Days of users without a user document (their data was erased) are left out either way.
     */
    Uni<List<UsageCalculator.Day>> userDaysIn(String tenantId, Map<String, Document> users, Window window,
            List<String> counters) {
        return monthBackfill.complete(MonthBackfill.USER_MONTHS).chain(monthly -> {
            if (!monthly) {
                return userDays.between(tenantId, window.from().toString(), window.to().toString())
                        .map(found -> found.stream().map(UsageCalculator.Day::of)
                                .filter(day -> users.containsKey(day.userId())).toList());
            }
            return userMonths.countersOf(monthIds(tenantId, users, window),
                            List.of("userId", "month", "events", MonthSeries.ACCOUNTS), counters)
                    .collect().in(ArrayList<UsageCalculator.Day>::new, (days, month) -> MonthSeries.days(month,
                            window::contains, days::add));
        });
    }

    /** Users' days and the sessions they started. */
    record Activity(List<UsageCalculator.Day> days, List<UsageCalculator.Session> sessions) {

        /** From user day and session documents, as the queries that predate user months find them. */
        static Activity of(List<Document> days, List<Document> sessions) {
            return new Activity(days.stream().map(UsageCalculator.Day::of).toList(),
                    sessions.stream().map(UsageCalculator.Session::of).toList());
        }
    }

    /**
     * The days of the tenant's users from {@code firstDay} to the window's end, with only the {@code counters} named,
     * and the sessions they started in the window; erased users' too, under their pseudonyms, as the tenant's totals
     * keep them. Read by id from the months that the {@code users}' summaries and the {@link ErasedActivity} name, or
     * scanned until the backfills have finished. Days before {@code countersFrom} come from the summaries alone: who
     * was active, with no account and no counter. The {@code users}' documents lose their summaries once read.
     */
    Uni<Activity> activityIn(String tenantId, Map<String, Document> users, LocalDate firstDay, LocalDate countersFrom,
            Window window, List<String> counters) {
        Window span = new Window(countersFrom, window.to());
        return monthBackfill.complete(MonthBackfill.USER_MONTHS).chain(monthly -> monthly
                ? monthBackfill.complete(MonthBackfill.ERASED_ACTIVITY) : Uni.createFrom().item(false)).chain(monthly -> {
            if (!monthly) {
                // Scanned either way: every day comes whole.
                return Uni.combine().all().unis(userDays.between(tenantId, firstDay.toString(), window.to().toString()),
                        sessions.between(tenantId, window.from().toString(), window.to().toString())).asTuple()
                        .map(found -> Activity.of(found.getItem1(), found.getItem2()));
            }
            return erasedActivity.ofTenant(tenantId, List.of("userId", ActiveMonths.FIELD)).map(erased -> {
                Map<String, Document> everyone = new HashMap<>(MetricsService.byKey(erased, "userId"));
                everyone.putAll(users);
                List<String> ids = monthIds(tenantId, everyone, span);
                List<UsageCalculator.Day> activeBefore = countersFrom.isAfter(firstDay)
                        ? activeOnly(everyone, new Window(firstDay, countersFrom.minusDays(1))) : List.of();
                // A year of active days a user is most of a user document: at 10,000 accounts, tens of megabytes
                // that the days and sessions read next need more.
                users.values().forEach(user -> user.remove(ActiveMonths.FIELD));
                return Map.entry(ids, activeBefore);
            }).chain(found -> fromMonths(tenantId, userMonths.countersOf(found.getKey(), MONTH_FIELDS, counters), span,
                    window).map(activity -> found.getValue().isEmpty() ? activity : new Activity(
                            concat(found.getValue(), activity.days()), activity.sessions())));
        });
    }

    /**
     * The days in {@code span} that the user {@code months} hold, and the sessions they name as started in
     * {@code window}: as the months keep them, or read by id where a month predates keeping sessions' ends.
     */
    Uni<Activity> fromMonths(String tenantId, Multi<Document> months, Window span, Window window) {
        List<UsageCalculator.Day> days = new ArrayList<>();
        List<UsageCalculator.Session> started = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        return months.invoke(month -> {
            MonthSeries.days(month, span::contains, days::add);
            MonthSeries.sessions(tenantId, month, window::contains, started::add, unknown::add);
        }).collect().last()
                .chain(() -> unknown.isEmpty() ? Uni.createFrom().item(List.<UsageCalculator.Session>of())
                        : sessions.byIds(unknown, SESSION_FIELDS).map(UsageCalculator.Session::of).collect().asList())
                .map(read -> {
                    started.addAll(read);
                    return new Activity(days, started);
                });
    }

    /** The users' active days in {@code window} by their summaries: a day with an event, of no account and no counter. */
    private static List<UsageCalculator.Day> activeOnly(Map<String, Document> users, Window window) {
        List<UsageCalculator.Day> days = new ArrayList<>();
        users.forEach((userId, user) -> ActiveMonths.within(user, window).stream().forEach(offset ->
                days.add(new UsageCalculator.Day(userId, null, window.from().plusDays(offset), 1, Map.of()))));
        return days;
    }

    private static List<UsageCalculator.Day> concat(List<UsageCalculator.Day> first, List<UsageCalculator.Day> then) {
        List<UsageCalculator.Day> all = new ArrayList<>(first.size() + then.size());
        all.addAll(first);
        all.addAll(then);
        return all;
    }

    /** The ids of the months in which the users' summaries have an active day in {@code window}. */
    private static List<String> monthIds(String tenantId, Map<String, Document> users, Window window) {
        Map<String, Set<LocalDate>> wanted = new HashMap<>();
        users.forEach((userId, user) -> ActiveMonths.within(user, window).stream()
                .forEach(offset -> wanted.computeIfAbsent(userId, u -> new HashSet<>())
                        .add(window.from().plusDays(offset))));
        return ids(wanted, (user, day) -> MonthSeries.id(tenantId, user, day));
    }

    /** The ids {@code id} gives the days {@code wanted}, each once (a month holds many days). */
    private static List<String> ids(Map<String, Set<LocalDate>> wanted, BiFunction<String, String, String> id) {
        Set<String> ids = new LinkedHashSet<>();
        wanted.forEach((subject, days) -> days.stream().sorted().forEach(day -> ids.add(id.apply(subject, day.toString()))));
        return List.copyOf(ids);
    }
}
