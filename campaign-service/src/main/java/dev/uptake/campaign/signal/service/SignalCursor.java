package dev.uptake.campaign.signal.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

import dev.uptake.campaign.signal.ReceivedSignal;
import dev.uptake.campaign.signal.repository.ReceivedSignalRepository.Position;
import dev.uptake.kit.problem.ProblemException;

/** The opaque {@code cursor} of the signal list: the last row's received time and id, base64url-encoded. */
final class SignalCursor {

    private static final String SEPARATOR = "|";

    private SignalCursor() {
    }

    static String after(ReceivedSignal last) {
        String plain = last.receivedAt + SEPARATOR + last.signalId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The position a cursor points after, or null for the first page; 400 problem when it was not issued here. */
    static Position decode(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int separator = plain.indexOf(SEPARATOR);
            if (separator < 1 || separator == plain.length() - 1) {
                throw invalid();
            }
            return new Position(Instant.parse(plain.substring(0, separator)), plain.substring(separator + 1));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw invalid();
        }
    }

    private static ProblemException invalid() {
        return ProblemException.badRequest("invalid-cursor", "Invalid cursor",
                "cursor is not one this API issued; pass nextCursor from the previous page unchanged.");
    }
}
