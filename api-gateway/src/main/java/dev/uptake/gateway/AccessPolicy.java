package dev.uptake.gateway;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Which key kind may call what. Write keys only send data (tracking POSTs and the in-app inbox); read keys only GET
 * from scoring and campaigns; admin keys do everything within their tenant.
 */
public final class AccessPolicy {

    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD");

    private AccessPolicy() {
    }

    public static boolean allows(KeyKind kind, String method, Route route) {
        return switch (kind) {
            case ADMIN -> true;
            case WRITE -> (route.tracking() && method.equals("POST")) || route.prefix().equals(RouteTable.INBOX_PREFIX);
            case READ -> READ_METHODS.contains(method) && route.upstream()
                    .filter(upstream -> upstream == Upstream.SCORING || upstream == Upstream.CAMPAIGN).isPresent();
        };
    }

    /** Every kind that may make this call, least powerful first. */
    public static List<KeyKind> accepted(String method, Route route) {
        return Arrays.stream(KeyKind.values()).filter(kind -> allows(kind, method, route)).toList();
    }
}
