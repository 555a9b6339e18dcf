package dev.uptake.scoring.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import dev.uptake.kit.problem.NotFoundProblemException;
import dev.uptake.scoring.repository.Sessions;
import dev.uptake.scoring.repository.UserProfiles;
import io.smallrye.mutiny.Uni;

/** Reads users for the API, always within the caller's tenant. */
@ApplicationScoped
public class UserQueries {

    private final UserProfiles users;
    private final Sessions sessions;
    private final AccountQueries accounts;

    public UserQueries(UserProfiles users, Sessions sessions, AccountQueries accounts) {
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

    public Uni<List<Document>> latestSessions(String tenantId, String userId, int limit) {
        return sessions.latestOf(tenantId, userId, limit);
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
