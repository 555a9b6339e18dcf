package dev.uptake.scoring.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import dev.uptake.kit.problem.NotFoundProblemException;
import dev.uptake.scoring.repository.AccountRollups;
import io.smallrye.mutiny.Uni;

/** Reads accounts for the API, always within the caller's tenant. */
@ApplicationScoped
public class AccountQueries {

    private final AccountRollups accounts;

    public AccountQueries(AccountRollups accounts) {
        this.accounts = accounts;
    }

    public Uni<Document> account(String tenantId, String accountId) {
        return accounts.find(tenantId, accountId).map(found -> {
            if (found == null) {
                throw new NotFoundProblemException("No account " + accountId + " has been seen.");
            }
            return found;
        });
    }

    public record Page(List<Document> items, String nextCursor) {
    }

    public Uni<Page> accounts(String tenantId, int limit, String cursor) {
        Cursors.checkLimit(limit);
        String after = Cursors.decode(cursor);
        return accounts.page(tenantId, after, limit + 1).map(found -> {
            boolean more = found.size() > limit;
            List<Document> items = more ? found.subList(0, limit) : found;
            return new Page(items, more ? Cursors.encode(items.get(items.size() - 1).getString("accountId")) : null);
        });
    }
}
