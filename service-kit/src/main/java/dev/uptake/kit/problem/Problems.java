package dev.uptake.kit.problem;

import java.net.URI;
import java.util.List;

import jakarta.ws.rs.core.Response;

/** Builds problem+json responses; the {@code slug} names the problem type under {@link #TYPE_BASE}. */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://uptake.dev/problems/";

    private Problems() {
    }

    public static Problem of(int status, String slug, String title, String detail, String instance) {
        return of(status, slug, title, detail, instance, List.of());
    }

    public static Problem of(int status, String slug, String title, String detail, String instance,
            List<Problem.FieldError> errors) {
        return new Problem(URI.create(TYPE_BASE + slug), title, status, detail, instance, errors);
    }

    public static Response response(Problem problem) {
        return Response.status(problem.status()).type(MEDIA_TYPE).entity(problem).build();
    }

    public static Response response(int status, String slug, String title, String detail, String instance) {
        return response(of(status, slug, title, detail, instance));
    }

    /** The title a status gets when nothing more specific is known. */
    public static String defaultTitle(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known != null ? known.getReasonPhrase() : "HTTP " + status;
    }

    public static String defaultSlug(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 409 -> "conflict";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            case 429 -> "rate-limited";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal" : "http-" + status;
        };
    }
}
