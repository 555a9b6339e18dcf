package dev.uptake.scoring.service;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import com.mongodb.client.model.Projections;

import dev.uptake.scoring.Window;
import dev.uptake.scoring.repository.AccountDays;
import dev.uptake.scoring.repository.Ids;
import dev.uptake.scoring.repository.Sessions;
import dev.uptake.scoring.repository.UserDays;
import dev.uptake.scoring.repository.UserMonths;
import io.smallrye.mutiny.Uni;

/**
 * One account's user days and sessions, read by id: its account days name who was active in it each day, those users'
 * months hold their days (each with its account) and the starts of their sessions, which name the session documents.
 * A tenant's user days and sessions, which the stand-in would scan for any other query, are millions at 10,000
 * accounts; until the user months' backfill has finished they are queried by account as before.
 */
@ApplicationScoped
public class AccountActivity {

    /** Every counter of a user month: an account's view computes all of the catalog's metrics. */
    private static final List<String> WHOLE_MONTH = Stream.concat(HistoryReader.MONTH_FIELDS.stream(),
            Stream.of("ev", "evp")).toList();

    private final AccountDays accountDays;
    private final UserMonths userMonths;
    private final UserDays userDays;
    private final Sessions sessions;
    private final HistoryReader history;
    private final MonthBackfill monthBackfill;

    public AccountActivity(AccountDays accountDays, UserMonths userMonths, UserDays userDays, Sessions sessions,
            HistoryReader history, MonthBackfill monthBackfill) {
        this.accountDays = accountDays;
        this.userMonths = userMonths;
        this.userDays = userDays;
        this.sessions = sessions;
        this.history = history;
        this.monthBackfill = monthBackfill;
    }

    /** The user days from {@code firstDay} to the window's end spent in the account, and the sessions started in it. */
    Uni<HistoryReader.Activity> of(String tenantId, String accountId, LocalDate firstDay, Window window) {
        return monthBackfill.complete(MonthBackfill.USER_MONTHS).chain(monthly -> monthly
                ? fromMonths(tenantId, accountId, firstDay, window)
                : Uni.combine().all().unis(
                        userDays.ofAccountBetween(tenantId, accountId, firstDay.toString(), window.to().toString()),
                        sessions.ofAccountBetween(tenantId, accountId, window.from().toString(), window.to().toString()))
                        .asTuple().map(found -> HistoryReader.Activity.of(found.getItem1(), found.getItem2())));
    }

    private Uni<HistoryReader.Activity> fromMonths(String tenantId, String accountId, LocalDate firstDay,
            Window window) {
        Window span = new Window(firstDay, window.to());
        List<String> dayIds = span.from().datesUntil(span.to().plusDays(1))
                .map(day -> Ids.of(tenantId, accountId, day.toString())).toList();
        return accountDays.findAll(dayIds, Projections.include("users")).chain(found -> {
            Set<String> monthIds = new LinkedHashSet<>();
            found.values().forEach(day -> day.getList("users", String.class, List.of()).forEach(user -> {
                for (YearMonth month = YearMonth.from(firstDay); !month.isAfter(YearMonth.from(window.to()));
                        month = month.plusMonths(1)) {
                    monthIds.add(Ids.of(tenantId, user, month.toString()));
                }
            }));
            return history.fromMonths(tenantId, userMonths.byIds(List.copyOf(monthIds), WHOLE_MONTH), span, window);
        }).map(activity -> new HistoryReader.Activity(
                // A user who moved between accounts has days of both in one month: only this account's count here.
                activity.days().stream().filter(day -> accountId.equals(day.accountId())).toList(),
                activity.sessions().stream().filter(session -> accountId.equals(session.accountId())).toList()));
    }
}
