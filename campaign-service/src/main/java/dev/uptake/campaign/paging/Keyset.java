package dev.uptake.campaign.paging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

import dev.uptake.kit.problem.ProblemException;

/**
 * Where a newest-first page ended: the last row's time and id. Its opaque form is the API's {@code cursor},
 * base64url-encoded, so rows that arrive meanwhile never shift a page.
 */
public record Keyset(Instant at, String id) {

    private static final String SEPARATOR = "|";

    public String encode() {
        String plain = at + SEPARATOR + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The position a cursor points after, or null for the first page; 400 problem when it was not issued here. */
    public static Keyset decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int separator = plain.indexOf(SEPARATOR);
            if (separator < 1 || separator == plain.length() - 1) {
                throw invalid();
            }
            return new Keyset(Instant.parse(plain.substring(0, separator)), plain.substring(separator + 1));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw invalid();
        }
    }

    private static ProblemException invalid() {
        return ProblemException.badRequest("invalid-cursor", "Invalid cursor",
                "cursor is not one this API issued; pass nextCursor from the previous page unchanged.");
    }
}
