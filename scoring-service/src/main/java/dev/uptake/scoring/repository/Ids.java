package dev.uptake.scoring.repository;

import org.bson.Document;

/** Document ids are (tenant, subject) pairs, so no tenant can ever address another's documents. */
public final class Ids {

    private Ids() {
    }

    public static Document of(String tenantId, String subjectId) {
        return new Document("t", tenantId).append("s", subjectId);
    }

    /** The per-partition watermark field: the last offset of that partition already applied to the document. */
    public static String watermark(int partition) {
        return "wm.p" + partition;
    }
}
