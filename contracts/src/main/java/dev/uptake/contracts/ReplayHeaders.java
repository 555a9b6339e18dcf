package dev.uptake.contracts;

/**
 * Headers of a replayed {@link TrackedEvent}: where the event was first published. Consumers treat that original
 * position as the event's position, so a replay is applied only where the original was not (never counted twice).
 */
public final class ReplayHeaders {

    public static final String ORIGIN_PARTITION = "uptake_origin_partition";
    public static final String ORIGIN_OFFSET = "uptake_origin_offset";
    public static final String REPLAY_ID = "uptake_replay_id";

    private ReplayHeaders() {
    }
}
