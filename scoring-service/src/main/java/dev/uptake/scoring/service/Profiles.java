package dev.uptake.scoring.service;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;

import org.bson.Document;

/** What the analyses read off user and account documents the same way. */
final class Profiles {

    /** The user fields the analyses of history read (signup, membership, role): not the counters. */
    static final List<String> USER_FIELDS = List.of("userId", "accountId", "accounts", "role", "createdAt",
            "firstSeenAt");
    /** The account fields they read (filters, churn, renewals). */
    static final List<String> ACCOUNT_FIELDS = List.of("accountId", "tier", "industry", "churnedAt", "renewals");

    private Profiles() {
    }

    static List<String> userFieldsAnd(String... more) {
        List<String> fields = new java.util.ArrayList<>(USER_FIELDS);
        fields.addAll(List.of(more));
        return fields;
    }

    /** When the user signed up (identify's createdAt), or else was first seen; null when neither is known. */
    static Instant since(Document user) {
        Date since = user.getDate("createdAt") != null ? user.getDate("createdAt") : user.getDate("firstSeenAt");
        return since == null ? null : since.toInstant();
    }

    /** Whether the account's churnedAt falls on or before {@code day}. */
    static boolean churnedBy(Document account, LocalDate day) {
        Date churnedAt = account == null ? null : account.getDate("churnedAt");
        return churnedAt != null && churnedAt.toInstant().isBefore(day.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
    }
}
