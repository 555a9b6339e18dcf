package dev.uptake.scoring.service;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * UTC days as epoch-day numbers and ISO text. Rollups and segment rules name days several times per event, and a batch
 * spans few of them, so each day's text is made once.
 */
public final class Days {

    private static final long SECONDS_PER_DAY = 86_400L;
    /** Timestamps come from clients: a few decades of days are cached, any beyond are made each time. */
    private static final int CACHED_AT_MOST = 20_000;
    private static final Map<Long, String> TEXT = new ConcurrentHashMap<>();

    private Days() {
    }

    public static long epochDay(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), SECONDS_PER_DAY);
    }

    /** {@code 2026-12-02} for the epoch day. */
    public static String text(long epochDay) {
        String known = TEXT.get(epochDay);
        if (known != null) {
            return known;
        }
        String text = LocalDate.ofEpochDay(epochDay).toString();
        if (TEXT.size() < CACHED_AT_MOST) {
            TEXT.putIfAbsent(epochDay, text);
        }
        return text;
    }

    public static String of(Instant at) {
        return text(epochDay(at));
    }
}
