package dev.uptake.scoring.service;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import dev.uptake.kit.problem.NotFoundProblemException;
import dev.uptake.kit.problem.ProblemException;
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

    /** Filters of the account list; null means any. */
    public record ListFilter(String tier, String industry, String csm, String segment) {

        public ListFilter {
            if (segment != null) {
                SegmentRules.checkSegment(segment);
            }
        }

        boolean matches(Document account) {
            return (tier == null || tier.equals(account.getString("tier")))
                    && (industry == null || industry.equals(account.getString("industry")))
                    && (csm == null || csm.equals(account.getString("csm")))
                    && (segment == null || segment.equals(account.getString("segment")));
        }
    }

    private static final Map<String, Comparator<Document>> SORTS = Map.of(
            "accountId", Comparator.comparing(document -> document.getString("accountId")),
            "name", Comparator.comparing(document -> String.valueOf(document.getString("name")).toLowerCase()),
            "eventCount", Comparator.comparingDouble(document -> number(document, "eventCount")),
            "mrr", Comparator.comparingDouble(document -> number(document, "mrr")),
            "seats", Comparator.comparingDouble(document -> number(document, "seats")),
            "lastSeenAt", Comparator.comparingDouble(document -> document.getDate("lastSeenAt") == null ? 0
                    : document.getDate("lastSeenAt").getTime()));

    /**
     * The tenant's accounts filtered and sorted in memory (a tenant's account list is small), ties broken by id so
     * the order is stable; the cursor is the offset of the next page.
     */
    public Uni<Page> accounts(String tenantId, int limit, String cursor) {
        return accounts(tenantId, limit, cursor, "accountId", new ListFilter(null, null, null, null));
    }

    public Uni<Page> accounts(String tenantId, int limit, String cursor, String sort, ListFilter filter) {
        Cursors.checkLimit(limit);
        int offset = offset(Cursors.decode(cursor));
        boolean descending = sort != null && sort.startsWith("-");
        Comparator<Document> order = SORTS.get(sort == null ? "accountId" : descending ? sort.substring(1) : sort);
        if (order == null) {
            throw ProblemException.badRequest("invalid-parameter", "Invalid parameter",
                    "sort must be one of " + String.join(", ", new TreeSet<>(SORTS.keySet())) + ", optionally prefixed with -.");
        }
        Comparator<Document> stable = (descending ? order.reversed() : order)
                .thenComparing(document -> document.getString("accountId"));
        return accounts.allOf(tenantId).map(all -> {
            List<Document> matching = all.stream().filter(filter::matches).sorted(stable).toList();
            List<Document> items = matching.stream().skip(offset).limit(limit).toList();
            boolean more = offset + limit < matching.size();
            return new Page(items, more ? Cursors.encode("o:" + (offset + limit)) : null);
        });
    }

    private static int offset(String decoded) {
        if (decoded == null) {
            return 0;
        }
        try {
            if (!decoded.startsWith("o:")) {
                throw new NumberFormatException();
            }
            return Math.max(0, Integer.parseInt(decoded.substring(2)));
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("invalid-cursor", "Invalid cursor", "cursor is not one this API issued.");
        }
    }

    private static double number(Document document, String field) {
        Object value = document.get(field);
        return value instanceof Number number ? number.doubleValue() : -1;
    }
}
