package dev.uptake.scoring.repository;

import org.bson.Document;

/** Document ids are (tenant, subject) pairs, so no tenant can ever address another's documents. */
public final class Ids {

    private Ids() {
    }

    public static Document of(String tenantId, String subjectId) {
        return new Document("t", tenantId).append("s", subjectId);
    }

    /** Id of a document keyed by several parts, e.g. user and day. */
    public static Document of(String tenantId, String... parts) {
        return of(tenantId, String.join("|", parts));
    }

    /** The per-partition watermark field: the last offset of that partition already applied to the document. */
    public static String watermark(int partition) {
        return "wm.p" + partition;
    }

    /** A free-form name (event name, account id) made safe as a MongoDB field name: no dots, no leading dollar. */
    public static String field(String name) {
        return name.replace("%", "%25").replace(".", "%2E").replace("$", "%24");
    }

    public static String unfield(String field) {
        return field.replace("%24", "$").replace("%2E", ".").replace("%25", "%");
    }
}
