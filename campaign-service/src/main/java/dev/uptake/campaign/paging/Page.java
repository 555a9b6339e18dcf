package dev.uptake.campaign.paging;

import java.util.List;
import java.util.function.Function;

/** One page of rows, newest first; {@code nextCursor} is null on the last page. */
public record Page<T>(List<T> items, String nextCursor) {

    /**
     * The page from rows fetched with one more than {@code limit}: the extra row tells whether another page exists
     * without a count query.
     */
    public static <T> Page<T> of(List<T> found, int limit, Function<T, Keyset> position) {
        if (found.size() <= limit) {
            return new Page<>(found, null);
        }
        List<T> items = found.subList(0, limit);
        return new Page<>(items, position.apply(items.get(limit - 1)).encode());
    }
}
