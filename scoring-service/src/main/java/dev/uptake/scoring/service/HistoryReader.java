package dev.uptake.scoring.service;

import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import dev.uptake.scoring.repository.AccountDays;
import dev.uptake.scoring.repository.AccountRollups;
import dev.uptake.scoring.repository.Ids;
import dev.uptake.scoring.repository.UserDays;
import dev.uptake.scoring.repository.UserProfiles;
import io.smallrye.mutiny.Uni;

/**
 * A tenant's history for the analyses: accounts and users whole, and day documents folded one by one as they stream
 * in, so a year of them never sits in the heap at once (13 months of the demo's user days did not fit 256 MB).
 */
@ApplicationScoped
public class HistoryReader {

    private final AccountRollups accounts;
    private final UserProfiles users;
    private final UserDays userDays;
    private final AccountDays accountDays;

    public HistoryReader(AccountRollups accounts, UserProfiles users, UserDays userDays, AccountDays accountDays) {
        this.accounts = accounts;
        this.users = users;
        this.accountDays = accountDays;
        this.userDays = userDays;
    }

    public Uni<Map<String, Document>> accounts(String tenantId) {
        return accounts.allOf(tenantId).map(found -> MetricsService.byKey(found, "accountId"));
    }

    public Uni<Map<String, Document>> users(String tenantId) {
        return users.allOf(tenantId).map(found -> MetricsService.byKey(found, "userId"));
    }

    /** As {@link #accounts(String)}, each narrowed to {@code fields}. */
    public Uni<Map<String, Document>> accounts(String tenantId, List<String> fields) {
        return accounts.ofTenant(tenantId, fields).map(found -> MetricsService.byKey(found, "accountId"));
    }

    /** As {@link #users(String)}, each narrowed to {@code fields}. */
    public Uni<Map<String, Document>> users(String tenantId, List<String> fields) {
        return users.ofTenant(tenantId, fields).map(found -> MetricsService.byKey(found, "userId"));
    }

    /** Every user-day of the days {@code from}..{@code to}, folded into a fresh {@code into()}. */
    public <A> Uni<A> foldUserDays(String tenantId, LocalDate from, LocalDate to, Supplier<A> into,
            BiConsumer<A, UsageCalculator.Day> add) {
        return userDays.countersBetween(tenantId, from.toString(), to.toString()).collect()
                .in(into, (fold, document) -> add.accept(fold, UsageCalculator.Day.of(document)));
    }

    /**
     * The renewing accounts' days in the {@code days} days before each renewal, folded into a fresh {@code into()}.
     * Read by id: a year of a tenant's account days is a hundred times more, and the stand-in scans for anything else.
     * Only the {@code counters} asked for are read (keys as {@link UsageCalculator.Day#counts()} has them).
     */
    <A> Uni<A> foldDaysBefore(String tenantId, Collection<RenewalHistory.Renewal> renewals, int days,
            List<String> counters, Supplier<A> into, BiConsumer<A, UsageCalculator.Day> add) {
        Set<String> ids = new LinkedHashSet<>();
        for (RenewalHistory.Renewal renewal : renewals) {
            for (LocalDate day = renewal.date().minusDays(days); day.isBefore(renewal.date()); day = day.plusDays(1)) {
                ids.add(Ids.of(tenantId, renewal.accountId(), day.toString()));
            }
        }
        return accountDays.countersOf(List.copyOf(ids), counters).collect()
                .in(into, (fold, document) -> add.accept(fold, UsageCalculator.Day.of(document)));
    }
}
