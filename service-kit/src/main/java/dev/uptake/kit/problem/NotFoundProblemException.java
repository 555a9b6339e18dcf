package dev.uptake.kit.problem;

/** A domain lookup found nothing: answered as 404 problem+json, never as {@code null} or 500. */
public class NotFoundProblemException extends RuntimeException {

    public NotFoundProblemException(String detail) {
        super(detail, null, false, false);
    }
}
