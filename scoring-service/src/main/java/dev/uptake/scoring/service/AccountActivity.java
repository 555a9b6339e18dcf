package dev.uptake.scoring.service;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

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

    /** The days spent in the account, and the sessions started in it. */
    record Found(List<UsageCalculator.Day> days, List<UsageCalculator.Session> sessions) {
    }

    private final AccountDays accountDays;
    private final UserMonths userMonths;
    private final UserDays userDays;
    private final Sessions sessions;
    private final MonthBackfill monthBackfill;

    public AccountActivity(AccountDays accountDays, UserMonths userMonths, UserDays userDays, Sessions sessions,
            MonthBackfill monthBackfill) {
        this.accountDays = accountDays;
        this.userMonths = userMonths;
        this.userDays = userDays;
        this.sessions = sessions;
        this.monthBackfill = monthBackfill;
    }

    /** The user days from {@code firstDay} to the window's end, and the sessions that started in the window. */
    Uni<Found> of(String tenantId, String accountId, LocalDate firstDay, Window window) {
        return monthBackfill.complete(MonthBackfill.USER_MONTHS).chain(monthly -> monthly
                ? fromMonths(tenantId, accountId, firstDay, window)
                : Uni.combine().all().unis(
                        userDays.ofAccountBetween(tenantId, accountId, firstDay.toString(), window.to().toString()),
                        sessions.ofAccountBetween(tenantId, accountId, window.from().toString(), window.to().toString()))
                        .asTuple().map(found -> new Found(found.getItem1().stream().map(UsageCalculator.Day::of).toList(),
                                found.getItem2().stream().map(UsageCalculator.Session::of).toList())));
    }

    private Uni<Found> fromMonths(String tenantId, String accountId, LocalDate firstDay, Window window) {
        List<String> dayIds = new ArrayList<>();
        for (LocalDate day = firstDay; !day.isAfter(window.to()); day = day.plusDays(1)) {
            dayIds.add(Ids.of(tenantId, accountId, day.toString()));
        }
        return accountDays.findAll(dayIds, Projections.include("users")).chain(found -> {
            Set<String> monthIds = new LinkedHashSet<>();
            found.values().forEach(day -> day.getList("users", String.class, List.of()).forEach(user -> {
                for (YearMonth month = YearMonth.from(firstDay); !month.isAfter(YearMonth.from(window.to()));
                        month = month.plusMonths(1)) {
                    monthIds.add(Ids.of(tenantId, user, month.toString()));
                }
            }));
            return userMonths.findAll(monthIds);
        }).chain(months -> {
            List<UsageCalculator.Day> days = new ArrayList<>();
            List<String> sessionIds = new ArrayList<>();
            for (Document month : months.values()) {
                // A user who moved between accounts has days of both in one month: only this account's count here.
                MonthSeries.days(month, day -> !day.isBefore(firstDay) && !day.isAfter(window.to()), day -> {
                    if (accountId.equals(day.accountId())) {
                        days.add(day);
                    }
                });
                MonthSeries.sessionIds(tenantId, month, window::contains, sessionIds::add);
            }
            return sessions.findAll(sessionIds).map(started -> new Found(days, started.values().stream()
                    .filter(session -> accountId.equals(session.getString("accountId")))
                    .map(UsageCalculator.Session::of).toList()));
        });
    }
}
