package dev.uptake.scoring.service;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;

import org.bson.Document;

/** What the analyses read off user and account documents the same way. */
final class Profiles {

    private Profiles() {
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
