package dev.uptake.contracts;

/** Record keys: the tenant and the subject, so one subject's records stay in order on one partition. */
public final class PartitionKeys {

    private PartitionKeys() {
    }

    public static String of(String tenantId, String subjectId) {
        return tenantId + '/' + subjectId;
    }
}
