package dev.uptake.scoring.service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Locale;
import java.util.Map;

/** Reads typed values out of Segment traits, which arrive as loosely typed JSON. */
final class Traits {

    private Traits() {
    }

    static String string(Map<String, Object> traits, String... names) {
        for (String name : names) {
            Object value = traits.get(name);
            if (value != null && !value.toString().isBlank()) {
                return value.toString();
            }
        }
        return null;
    }

    static Double number(Map<String, Object> traits, String name) {
        Object value = traits.get(name);
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof String text) {
            try {
                return Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** ISO instant, ISO date or epoch seconds; anything else is ignored rather than guessed. */
    static Date date(Map<String, Object> traits, String... names) {
        for (String name : names) {
            Object value = traits.get(name);
            if (value instanceof Number seconds) {
                return Date.from(Instant.ofEpochSecond(seconds.longValue()));
            }
            if (value instanceof String text) {
                try {
                    return Date.from(Instant.parse(text));
                } catch (RuntimeException notInstant) {
                    try {
                        return Date.from(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
                    } catch (RuntimeException notDate) {
                        // fall through to the next name
                    }
                }
            }
        }
        return null;
    }

    /** A renewal outcome in lower case, with the usual words for a lost customer all read as {@code churned}. */
    static String outcome(String raw) {
        if (raw == null) {
            return null;
        }
        String outcome = raw.trim().toLowerCase(Locale.ROOT);
        return switch (outcome) {
            case "churned", "churn", "lost", "cancelled", "canceled", "not renewed" -> CHURNED;
            default -> outcome;
        };
    }

    static final String CHURNED = "churned";

    /** Maps free-text roles onto the four the analytics know. */
    static String role(String raw) {
        if (raw == null) {
            return null;
        }
        String role = raw.trim().toLowerCase(Locale.ROOT);
        if (role.contains("admin") || role.equals("owner")) {
            return "admin";
        }
        if (role.contains("exec") || role.startsWith("c") && role.length() == 3 || role.contains("vp")
                || role.contains("director")) {
            return "executive";
        }
        if (role.contains("manager") || role.contains("lead")) {
            return "manager";
        }
        return "end-user";
    }
}
