package dev.uptake.scoring.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import com.mongodb.client.model.Projections;

import dev.uptake.kit.problem.NotFoundProblemException;
import dev.uptake.scoring.repository.Ids;
import dev.uptake.scoring.repository.Sessions;
import dev.uptake.scoring.repository.UserMonths;
import dev.uptake.scoring.repository.UserProfiles;
import io.smallrye.mutiny.Uni;

/** Reads users for the API, always within the caller's tenant. */
@ApplicationScoped
public class UserQueries {

    private static final int MONTHS_PER_READ = 2;

    private final UserProfiles users;
    private final Sessions sessions;
    private final AccountQueries accounts;
    private final UserMonths userMonths;
    private final MonthBackfill monthBackfill;

    public UserQueries(UserProfiles users, Sessions sessions, AccountQueries accounts, UserMonths userMonths,
            MonthBackfill monthBackfill) {
        this.userMonths = userMonths;
        this.monthBackfill = monthBackfill;
        this.users = users;
        this.sessions = sessions;
        this.accounts = accounts;
    }

    public Uni<Document> user(String tenantId, String userId) {
        return users.find(tenantId, userId).map(found -> {
            if (found == null) {
                throw new NotFoundProblemException("No user " + userId + " has been seen.");
            }
            return found;
        });
    }

    /**
     * The user's {@code limit} latest sessions, newest first. Found by id: the user's months, newest first and two at a
     * time, name the starts of their sessions, until {@code limit} are known. A query by user sorted by start is a scan
     * of every session on the stand-in (1.4 s at 10,000 accounts); it is only the way until the user months' backfill
     * has finished.
     */
    public Uni<List<Document>> latestSessions(String tenantId, Document user, int limit) {
        String userId = user.getString("userId");
        return monthBackfill.complete(MonthBackfill.USER_MONTHS).chain(monthly -> {
            if (!monthly) {
                return sessions.latestOf(tenantId, userId, limit);
            }
            List<String> months = new ArrayList<>(user.get(ActiveMonths.FIELD, new Document()).keySet());
            months.sort(Comparator.reverseOrder());
            return latestStarts(tenantId, userId, months, 0, limit, new TreeSet<>(Comparator.reverseOrder()))
                    .chain(starts -> sessions.findAll(starts.stream().limit(limit)
                            .map(start -> Ids.of(tenantId, userId, start.toString())).toList()))
                    .map(found -> found.values().stream()
                            .sorted(Comparator.comparing((Document session) -> session.getDate("start")).reversed())
                            .limit(limit).toList());
        });
    }

    private Uni<TreeSet<Instant>> latestStarts(String tenantId, String userId, List<String> months, int from, int limit,
            TreeSet<Instant> starts) {
        if (from >= months.size() || starts.size() >= limit) {
            return Uni.createFrom().item(starts);
        }
        List<String> ids = months.subList(from, Math.min(months.size(), from + MONTHS_PER_READ)).stream()
                .map(month -> Ids.of(tenantId, userId, month)).toList();
        return userMonths.findAll(ids, Projections.include(MonthSeries.SESSIONS)).chain(found -> {
            found.values().forEach(month -> month.get(MonthSeries.SESSIONS, new Document()).values()
                    .forEach(ofDay -> ((List<?>) ofDay).forEach(start -> starts.add(Instant.parse((String) start)))));
            return latestStarts(tenantId, userId, months, from + MONTHS_PER_READ, limit, starts);
        });
    }

    public record Page(List<Document> items, String nextCursor) {
    }

    /** The account's members ordered by user id; 404 when the account is unknown. */
    public Uni<Page> members(String tenantId, String accountId, int limit, String cursor) {
        Cursors.checkLimit(limit);
        String after = Cursors.decode(cursor);
        return accounts.account(tenantId, accountId)
                .chain(() -> users.membersOf(tenantId, accountId, after, limit + 1))
                .map(found -> {
                    boolean more = found.size() > limit;
                    List<Document> items = more ? found.subList(0, limit) : found;
                    return new Page(items, more ? Cursors.encode(items.get(items.size() - 1).getString("userId")) : null);
                });
    }
}
