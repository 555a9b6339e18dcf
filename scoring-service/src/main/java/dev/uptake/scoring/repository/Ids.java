package dev.uptake.scoring.repository;

/**
 * Document ids are (tenant, subject) pairs, so no tenant can ever address another's documents. They are plain strings
 * {@code tenant/subject}: the Mongo stand-in compares sub-document keys by serialising them, several times slower.
 * Tenant ids never contain '/'.
 */
public final class Ids {

    private Ids() {
    }

    public static String of(String tenantId, String subjectId) {
        return tenantId + '/' + subjectId;
    }

    /** Id of a document keyed by several parts, e.g. user and day. */
    public static String of(String tenantId, String... parts) {
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
