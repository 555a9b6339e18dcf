package dev.uptake.kit.problem;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.quarkus.logging.Log;

/**
 * Maps exceptions to RFC 9457 problems. Details are written for the caller: exception class names, stack traces and
 * parser internals never leave the service.
 */
public class ProblemExceptionMappers {

    @ServerExceptionMapper
    public Response notFound(NotFoundProblemException e, UriInfo uri) {
        return Problems.response(404, "not-found", "Not found", e.getMessage(), path(uri));
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response response = Problems.response(Problems.of(e.status(), e.slug(), e.title(), e.getMessage(), path(uri),
                e.errors()));
        e.headers().forEach((name, value) -> response.getHeaders().add(name, value));
        return response;
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldPath(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::path))
                .toList();
        return Problems.response(Problems.of(400, "validation", "Invalid request",
                errors.size() + " invalid field(s)", path(uri), errors));
    }

    /**
     * Well-formed JSON of the wrong shape (a string where an object belongs). Quarkus's own mapper for it answers a bare
     * 400 outside dev mode; this one says which field.
     */
    @ServerExceptionMapper
    public Response wrongShape(MismatchedInputException e, UriInfo uri) {
        String path = jsonPath(e);
        String expected = e.getTargetType() == null ? "another type" : describe(e.getTargetType());
        return Problems.response(Problems.of(400, "validation", "Invalid request", "1 invalid field(s)", path(uri),
                List.of(new Problem.FieldError(path, "must be " + expected))));
    }

    /**
     * A field the endpoint does not know (every service refuses them: a mistyped field would otherwise be dropped and
     * the rest acted on). Names the field, with its place in the body, and the fields known there.
     */
    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e, UriInfo uri) {
        String known = e.getKnownPropertyIds() == null ? "" : "; known fields: " + e.getKnownPropertyIds().stream()
                .map(String::valueOf).sorted().collect(Collectors.joining(", "));
        return Problems.response(Problems.of(400, "validation", "Invalid request", "1 invalid field(s)", path(uri),
                List.of(new Problem.FieldError(jsonPath(e), "is not a field of this request" + known))));
    }

    /** Where in the body, as {@code events[0].name}; {@code (body)} for the whole of it. */
    private static String jsonPath(JsonMappingException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                field.append(field.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.length() == 0 ? "(body)" : field.toString();
    }

    private static String describe(Class<?> type) {
        if (type == String.class || type.isEnum()) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr();
        return Problems.response(400, "malformed-json", "Malformed JSON",
                "The request body is not valid JSON for this endpoint" + where + ".", path(uri));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json, uri);
        }
        int status = e.getResponse().getStatus();
        if (status == 404 && e.getCause() != null) {
            // JAX-RS reports a path or query parameter that cannot be converted as 404; the caller sent a bad value.
            return Problems.response(400, "invalid-parameter", "Invalid parameter",
                    "A path or query parameter has a value of the wrong type.", path(uri));
        }
        String detail = switch (status) {
            case 404 -> "No resource at this path.";
            case 405 -> "This method is not allowed on this path.";
            case 415 -> "Unsupported Content-Type; send application/json.";
            case 406 -> "No acceptable representation; this API speaks application/json.";
            case 400 -> "The request could not be read.";
            default -> Problems.defaultTitle(status);
        };
        Response response = Problems.response(status, Problems.defaultSlug(status), Problems.defaultTitle(status),
                detail, path(uri));
        e.getResponse().getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type")) {
                values.forEach(value -> response.getHeaders().add(name, value));
            }
        });
        return response;
    }

    @ServerExceptionMapper(priority = Integer.MAX_VALUE)
    public Response unexpected(Throwable e, UriInfo uri) {
        Log.errorf(e, "Unexpected failure on %s", path(uri));
        return Problems.response(500, "internal", "Internal error",
                "The request failed on our side. It has been logged; retry later.", path(uri));
    }

    private static String fieldPath(ConstraintViolation<?> violation) {
        // Drop the method and parameter names (e.g. "track.body."): callers know fields, not Java signatures.
        String path = violation.getPropertyPath().toString();
        String[] parts = path.split("\\.", 3);
        return parts.length == 3 ? parts[2] : parts[parts.length - 1];
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }
}
