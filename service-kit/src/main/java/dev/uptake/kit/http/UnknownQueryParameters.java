package dev.uptake.kit.http;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.uptake.kit.problem.Problem;
import dev.uptake.kit.problem.Problems;

/**
 * Refuses a call that carries a query parameter its endpoint does not take, naming it and the ones it
 * does: a mistyped parameter ({@code windowDays} for {@code window}) would otherwise be dropped and the call answered
 * with the default, as if it had been understood. Request bodies are held to the same rule
 * ({@code quarkus.jackson.fail-on-unknown-properties}).
 */
public class UnknownQueryParameters {

    /** The names each endpoint takes; empty for one exempt ({@link AnyQueryParameters}). */
    private final Map<Method, Optional<Set<String>>> known = new ConcurrentHashMap<>();

    @ServerRequestFilter
    public Optional<Response> refuse(ContainerRequestContext request, ResourceInfo resource) {
        // Most calls have no query at all; they cost one look at the URI.
        if (request.getUriInfo().getRequestUri().getRawQuery() == null || resource.getResourceMethod() == null) {
            return Optional.empty();
        }
        Optional<Set<String>> takes = known.computeIfAbsent(resource.getResourceMethod(),
                method -> exempt(method, resource.getResourceClass()) ? Optional.empty()
                        : Optional.of(takenBy(method, resource.getResourceClass())));
        if (takes.isEmpty()) {
            return Optional.empty();
        }
        Set<String> unknown = new TreeSet<>(request.getUriInfo().getQueryParameters().keySet());
        unknown.removeAll(takes.get());
        if (unknown.isEmpty()) {
            return Optional.empty();
        }
        String accepted = takes.get().isEmpty() ? "this call takes no query parameters"
                : "this call takes " + String.join(", ", takes.get());
        String message = "is not a parameter of this call; " + accepted;
        return Optional.of(Problems.response(Problems.of(400, "invalid-parameter", "Invalid parameter",
                "Unknown query parameter" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown) + "; "
                        + accepted + ".",
                request.getUriInfo().getRequestUri().getRawPath(),
                unknown.stream().map(name -> new Problem.FieldError(name, message)).toList())));
    }

    private static boolean exempt(Method method, Class<?> resourceClass) {
        return method.isAnnotationPresent(AnyQueryParameters.class)
                || resourceClass.isAnnotationPresent(AnyQueryParameters.class)
                || method.getDeclaringClass().isAnnotationPresent(AnyQueryParameters.class);
    }

    /**
     * The query parameters {@code method} takes, sorted: its own {@code @QueryParam}s, those of its
     * {@code @BeanParam}s (their fields, inherited ones too, and nested bean params), and the resource class's fields.
     */
    static Set<String> takenBy(Method method, Class<?> resourceClass) {
        Set<String> names = new TreeSet<>();
        for (Parameter parameter : method.getParameters()) {
            collect(parameter, parameter.getType(), names);
        }
        fieldsOf(resourceClass, names);
        return names;
    }

    private static void collect(AnnotatedElement element, Class<?> type, Set<String> names) {
        QueryParam query = element.getAnnotation(QueryParam.class);
        if (query != null) {
            names.add(query.value());
        }
        if (element.isAnnotationPresent(BeanParam.class)) {
            fieldsOf(type, names);
        }
    }

    private static void fieldsOf(Class<?> type, Set<String> names) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                collect(field, field.getType(), names);
            }
        }
    }
}
