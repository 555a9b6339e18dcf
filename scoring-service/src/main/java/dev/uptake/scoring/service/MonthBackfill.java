package dev.uptake.scoring.service;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;

import dev.uptake.scoring.repository.AccountDays;
import dev.uptake.scoring.repository.AccountMonths;
import dev.uptake.scoring.repository.ErasedActivity;
import dev.uptake.scoring.repository.Migrations;
import dev.uptake.scoring.repository.UpdateDocument;
import dev.uptake.scoring.repository.Sessions;
import dev.uptake.scoring.repository.UserDays;
import dev.uptake.scoring.repository.UserMonths;
import dev.uptake.scoring.repository.UserProfiles;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Gives account days, and user days and sessions, rolled up before their months existed those months. The event consumer applies
 * nothing until this has finished in its process, so no rollup moves a day between the backfill reading it and
 * writing its month. Everything is {@code $max}: the day's counts, and its watermarks, so a redelivered event the day
 * already has is skipped by the month too. Running it again changes nothing. One window is left: replicas upgraded
 * together each run it, and one that has finished applies batches while another is still copying; a day that batch
 * moves between the other's read and its write can be counted twice in its month.
 */
@ApplicationScoped
public class MonthBackfill {

    public static final String ACCOUNT_MONTHS = "account-months-v1";
    public static final String USER_MONTHS = "user-months-v1";
    public static final String ERASED_ACTIVITY = "erased-activity-v1";
    public static final String SESSION_ENDS = "session-ends-v1";
    private static final Bson SESSION_FIELDS = Projections.include("tenantId", "userId", "accountId", "day", "end");
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    private final Migrations migrations;
    private final AccountDays accountDays;
    private final AccountMonths accountMonths;
    private final UserDays userDays;
    private final UserMonths userMonths;
    private final Sessions sessions;
    private final UserProfiles users;
    private final ErasedActivity erasedActivity;
    private final RunOnce once = new RunOnce(() -> accounts().invoke(count -> logged(count, "account months from %d account days"))
            .chain(() -> users()).invoke(count -> logged(count, "user months from %d user days and sessions"))
            .chain(() -> erased()).invoke(count -> logged(count, "erased users' activity from %d user months")));

    public MonthBackfill(Migrations migrations, AccountDays accountDays, AccountMonths accountMonths, UserDays userDays,
            UserMonths userMonths, Sessions sessions, UserProfiles users, ErasedActivity erasedActivity) {
        this.erasedActivity = erasedActivity;
        this.migrations = migrations;
        this.accountDays = accountDays;
        this.accountMonths = accountMonths;
        this.userDays = userDays;
        this.userMonths = userMonths;
        this.sessions = sessions;
        this.users = users;
    }

    /**
     * At start, and again after a failure until it succeeds: the analyses wait for it even when no event comes. The
     * sessions' ends follow, which nothing waits for.
     */
    void onStart(@Observes StartupEvent startup) {
        retried(this::ready, "months")
                .chain(() -> retried(() -> sessionEnds().invoke(count -> logged(count, "the ends of %d sessions")),
                        "sessions' ends"))
                .subscribe().with(ignored -> {
                }, failure -> Log.error("Backfilling gave up", failure));
    }

    /** {@code backfill}, tried again after a failure with back-off until it succeeds. */
    static Uni<?> retried(java.util.function.Supplier<Uni<?>> backfill, String what) {
        return Uni.createFrom().deferred(backfill)
                .onFailure().invoke(failure -> Log.warn("Backfilling " + what + " failed; trying again", failure))
                .onFailure().retry().withBackOff(Duration.ofSeconds(10), Duration.ofMinutes(5)).indefinitely();
    }

    private static void logged(long count, String what) {
        if (count > 0) {
            Log.infof("Backfilled " + what, count);
        }
    }

    /** Completes once every day document stored before the months existed has its month; runs it at most once. */
    public Uni<Void> ready() {
        return once.run();
    }

    /**
     * Whether the analyses can read the months of {@code migration} ({@link #ACCOUNT_MONTHS}, {@link #USER_MONTHS}):
     * true once any process has finished its backfill.
     */
    public Uni<Boolean> complete(String migration) {
        return once.done() ? Uni.createFrom().item(true) : migrations.done(migration);
    }

    /** The number of account days read; 0 once done. */
    public Uni<Long> accounts() {
        return migrations.runOnce(ACCOUNT_MONTHS, () -> accountDays.stream(new Document(),
                Projections.include("tenantId", "accountId", "day", "events", "ev", "evp", "wm"))
                .map(day -> update(day, "accountId")), accountMonths);
    }

    /**
     * The number of user days and sessions read; 0 once done. Read a month at a time: the stand-in holds a query's
     * whole answer in memory, and a year of user days at 10,000 accounts does not fit its heap (a real MongoDB
     * streams either way).
     */
    public Uni<Long> users() {
        // Months made here keep their sessions' ends already: the later backfill of those has nothing to add.
        return migrations.done(USER_MONTHS).chain(done -> done ? Uni.createFrom().item(0L) : userMonths()
                .call(() -> migrations.markDone(SESSION_ENDS)));
    }

    private Uni<Long> userMonths() {
        return migrations.runOnce(USER_MONTHS, () -> monthsWithUserDays().onItem().transformToMultiAndConcatenate(month -> {
            return Multi.createBy().concatenating().streams(
                    userDays.stream(inMonth(month),
                            Projections.include("tenantId", "userId", "accountId", "day", "events", "ev", "evp", "wm"))
                            .map(day -> update(day, "userId")),
                    sessions.stream(inMonth(month), SESSION_FIELDS).map(MonthBackfill::session));
        }), userMonths);
    }

    /**
     * The number of sessions read; 0 once done. User months made before they kept their sessions' ends and accounts
     * get them from the session documents, a month at a time. Nothing waits for it: until a month has a session's end,
     * the analyses read that session by id, and the rollups write the same values ({@code $max} of the end, the
     * account the session started in).
     */
    public Uni<Long> sessionEnds() {
        return migrations.runOnce(SESSION_ENDS, () -> monthsWithUserDays().onItem().transformToMultiAndConcatenate(month ->
                sessions.stream(inMonth(month), SESSION_FIELDS).map(MonthBackfill::session)), userMonths);
    }

    /**
     * The number of erased users' months read; 0 once done. Erasures before {@link ErasedActivity} existed left their
     * pseudonyms' months in {@code user_months} only, found here by the pseudonyms' form (a scan, once).
     */
    public Uni<Long> erased() {
        return migrations.runOnce(ERASED_ACTIVITY, () -> userMonths.stream(
                Filters.regex("userId", PrivacyService.PSEUDONYM_PATTERN),
                Projections.include("tenantId", "userId", "month", "events"))
                .map(month -> ErasedActivity.of(month, ActiveMonths.FIELD)), erasedActivity);
    }

    /** Day documents (and sessions) of {@code month}, by their ISO {@code day}. */
    static Bson inMonth(String month) {
        return Filters.and(Filters.gte("day", month + "-01"), Filters.lte("day", month + "-31"));
    }

    /**
     * Every month a user was active in (the users' summaries), and every month of an account's activity (which also
     * holds the days of users whose profile was erased), in order. Backfills read a month at a time: the stand-in
     * holds a query's whole answer in memory, and ran out of its heap on a year of user days at 10,000 accounts.
     */
    Multi<String> monthsWithUserDays() {
        Set<String> months = new TreeSet<>();
        return users.stream(new Document(), Projections.include(ActiveMonths.FIELD))
                .invoke(user -> months.addAll(user.get(ActiveMonths.FIELD, new Document()).keySet()))
                .collect().last().replaceWithVoid()
                .chain(() -> accountMonths.stream(new Document(), Projections.include("month"))
                        .invoke(month -> months.add(month.getString("month"))).collect().last().replaceWithVoid())
                .onItem().transformToMulti(ignored -> Multi.createFrom().iterable(months));
    }

    /**
     * The session's start as its id names it (the stored date has only milliseconds), its end and its account, on the
     * month of its day.
     */
    private static WriteModel<Document> session(Document session) {
        String id = session.getString("_id");
        String day = session.getString("day");
        String start = id.substring(id.lastIndexOf('|') + 1);
        UpdateDocument updates = new UpdateDocument();
        updates.setOnInsert("tenantId", session.getString("tenantId"));
        updates.setOnInsert("userId", session.getString("userId"));
        updates.setOnInsert("month", MonthSeries.month(day));
        updates.addEachToSet(MonthSeries.field(MonthSeries.SESSIONS, day), List.of(start));
        updates.max(MonthSeries.sessionEnd(day, start), session.getDate("end"));
        if (session.getString("accountId") != null) {
            updates.set(MonthSeries.sessionAccount(day, start), session.getString("accountId"));
        }
        return new UpdateOneModel<>(new Document("_id",
                MonthSeries.id(session.getString("tenantId"), session.getString("userId"), day)), updates, UPSERT);
    }

    private static WriteModel<Document> update(Document day, String subject) {
        String date = day.getString("day");
        UpdateDocument updates = new UpdateDocument();
        updates.setOnInsert("tenantId", day.getString("tenantId"));
        updates.setOnInsert(subject, day.getString(subject));
        updates.setOnInsert("month", MonthSeries.month(date));
        if (day.get("events") != null) {
            updates.max(MonthSeries.field("events", date), day.get("events"));
        }
        // A user day's account is the one the month keeps for the day; an account day has none of its own.
        if ("userId".equals(subject) && day.getString("accountId") != null) {
            updates.set(MonthSeries.field(MonthSeries.ACCOUNTS, date), day.getString("accountId"));
        }
        // Counter keys and watermark names are already field-safe.
        day.get("ev", new Document()).forEach((name, count) -> updates.max(MonthSeries.field("ev." + name, date), count));
        day.get("evp", new Document()).forEach((key, count) -> updates.max(MonthSeries.field("evp." + key, date), count));
        day.get("wm", new Document()).forEach((partition, offset) -> updates.max("wm." + partition, offset));
        return new UpdateOneModel<>(new Document("_id",
                MonthSeries.id(day.getString("tenantId"), day.getString(subject), date)), updates, UPSERT);
    }
}
