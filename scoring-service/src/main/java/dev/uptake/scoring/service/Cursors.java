package dev.uptake.scoring.service;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.uptake.kit.problem.ProblemException;

/** Opaque paging cursors (the last id of the previous page) and the page size limit every list shares. */
public final class Cursors {

    public static final int MAX_PAGE = 200;

    private Cursors() {
    }

    public static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw ProblemException.badRequest("invalid-parameter", "Invalid parameter",
                    "limit must be between 1 and " + MAX_PAGE + ".");
        }
    }

    public static String encode(String lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.getBytes(StandardCharsets.UTF_8));
    }

    public static String decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-cursor", "Invalid cursor", "cursor is not one this API issued.");
        }
    }
}
