package dev.uptake.kit.http;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MultivaluedMap;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.uptake.kit.problem.Problem;
import dev.uptake.kit.problem.ProblemException;

/**
 * Refuses a call that carries a query parameter its endpoint does not take, naming it and the ones it does, or a
 * single-valued one given twice: a mistyped parameter ({@code windowDays} for {@code window}) would otherwise be
 * dropped, and a repeated one answered with its first value, as if the call had been understood. Request bodies are
 * held to the same rule ({@code quarkus.jackson.fail-on-unknown-properties}).
 */
public class UnknownQueryParameters {

    /**
     * The cache-buster browsers' HTTP clients add to a GET ({@code _=<timestamp>}, jQuery's {@code cache: false}):
     * it means nothing to any call, and a front end that polls its inbox that way must not be refused.
     */
    static final String CACHE_BUSTER = "_";

    /** What an endpoint takes: every name, and those of them that may repeat (lists). */
    record Takes(Set<String> names, Set<String> repeatable) {
    }

    /** Per endpoint; empty for one exempt ({@link AnyQueryParameters}). */
    private final Map<Method, Optional<Takes>> known = new ConcurrentHashMap<>();

    /** Thrown, so the problem is written as every other one ({@code ProblemExceptionMappers}). */
    @ServerRequestFilter
    public void refuse(ContainerRequestContext request, ResourceInfo resource) {
        // Most calls have no query at all; they cost one look at the URI.
        if (request.getUriInfo().getRequestUri().getRawQuery() == null || resource.getResourceMethod() == null) {
            return;
        }
        Optional<Takes> takes = known.computeIfAbsent(resource.getResourceMethod(),
                method -> exempt(method, resource.getResourceClass()) ? Optional.empty()
                        : Optional.of(takenBy(method, resource.getResourceClass())));
        if (takes.isEmpty()) {
            return;
        }
        MultivaluedMap<String, String> given = request.getUriInfo().getQueryParameters();
        Set<String> named = new TreeSet<>(given.keySet());
        named.remove(CACHE_BUSTER);
        Set<String> unknown = new TreeSet<>(named);
        unknown.removeAll(takes.get().names());
        if (!unknown.isEmpty()) {
            String accepted = takes.get().names().isEmpty() ? "this call takes no query parameters"
                    : "this call takes " + String.join(", ", takes.get().names());
            String message = "is not a parameter of this call; " + accepted;
            throw invalid("Unknown query parameter" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + "; " + accepted + ".", unknown.stream().map(name -> new Problem.FieldError(name, message)).toList());
        }
        Set<String> repeated = new TreeSet<>();
        for (String name : named) {
            if (given.get(name).size() > 1 && !takes.get().repeatable().contains(name)) {
                repeated.add(name);
            }
        }
        if (!repeated.isEmpty()) {
            throw invalid("Query parameter" + (repeated.size() > 1 ? "s " : " ") + String.join(", ", repeated)
                    + " given more than once; each takes one value.", repeated.stream().map(name ->
                            new Problem.FieldError(name, "given " + given.get(name).size() + " times; takes one value"))
                            .toList());
        }
    }

    private static ProblemException invalid(String detail, List<Problem.FieldError> errors) {
        return new ProblemException(400, "invalid-parameter", "Invalid parameter", detail, errors, Map.of());
    }

    private static boolean exempt(Method method, Class<?> resourceClass) {
        return method.isAnnotationPresent(AnyQueryParameters.class)
                || resourceClass.isAnnotationPresent(AnyQueryParameters.class)
                || method.getDeclaringClass().isAnnotationPresent(AnyQueryParameters.class);
    }

    /**
     * The query parameters {@code method} takes, sorted: its own {@code @QueryParam}s, those of its
     * {@code @BeanParam}s (their fields, inherited ones too, and nested bean params), and the resource class's fields.
     * One typed as a collection or an array may repeat.
     */
    static Takes takenBy(Method method, Class<?> resourceClass) {
        Takes takes = new Takes(new TreeSet<>(), new TreeSet<>());
        for (Parameter parameter : method.getParameters()) {
            collect(parameter, parameter.getType(), takes);
        }
        fieldsOf(resourceClass, takes);
        return takes;
    }

    private static void collect(AnnotatedElement element, Class<?> type, Takes takes) {
        QueryParam query = element.getAnnotation(QueryParam.class);
        if (query != null) {
            takes.names().add(query.value());
            if (type.isArray() || Collection.class.isAssignableFrom(type)) {
                takes.repeatable().add(query.value());
            }
        }
        if (element.isAnnotationPresent(BeanParam.class)) {
            fieldsOf(type, takes);
        }
    }

    private static void fieldsOf(Class<?> type, Takes takes) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                collect(field, field.getType(), takes);
            }
        }
    }
}
