package dev.uptake.scoring.service;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import dev.uptake.kit.problem.NotFoundProblemException;
import dev.uptake.kit.problem.ProblemException;
import dev.uptake.scoring.repository.AccountRollups;
import io.smallrye.mutiny.Uni;

/** Reads accounts for the API, always within the caller's tenant. */
@ApplicationScoped
public class AccountQueries {

    public static final int MAX_PAGE = 200;

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
        if (limit < 1 || limit > MAX_PAGE) {
            throw ProblemException.badRequest("invalid-parameter", "Invalid parameter",
                    "limit must be between 1 and " + MAX_PAGE + ".");
        }
        String after = decode(cursor);
        return accounts.page(tenantId, after, limit + 1).map(found -> {
            boolean more = found.size() > limit;
            List<Document> items = more ? found.subList(0, limit) : found;
            return new Page(items, more ? encode(items.get(items.size() - 1).getString("accountId")) : null);
        });
    }

    private static String encode(String accountId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(accountId.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-cursor", "Invalid cursor", "cursor is not one this API issued.");
        }
    }
}
