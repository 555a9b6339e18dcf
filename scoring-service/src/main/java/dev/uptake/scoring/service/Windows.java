package dev.uptake.scoring.service;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.uptake.kit.problem.ProblemException;
import dev.uptake.scoring.Window;

/** Turns the window query parameters into a {@link Window}, refusing anything ambiguous. */
@ApplicationScoped
public class Windows {

    public static final int MAX_DAYS = 366;
    /** Two years: renewals come once a year, so one year holds one renewal per account. */
    public static final int MAX_ANALYSIS_DAYS = 731;
    private static final Map<String, Integer> NAMED = Map.of("7d", 7, "30d", 30, "90d", 90);

    private final Clock clock;

    public Windows(Clock clock) {
        this.clock = clock;
    }

    public LocalDate today() {
        return LocalDate.now(clock);
    }

    /** {@code window} (7d, 30d, 90d; default 30d) ending at {@code asOf} (default today), or explicit from/to. */
    public Window parse(String window, String from, String to, String asOf) {
        if (from != null || to != null) {
            if (window != null) {
                throw invalid("give from and to together, and not with window");
            }
            return explicit(from, to, MAX_DAYS);
        }
        Integer days = NAMED.get(window == null ? "30d" : window);
        if (days == null) {
            throw invalid("window must be 7d, 30d or 90d");
        }
        return Window.lastDays(asOf == null ? today() : date("asOf", asOf), days);
    }

    /**
     * For the analyses of history (retention, renewals, funnels): explicit from/to of up to {@link #MAX_ANALYSIS_DAYS},
     * or else the {@code defaultDays} days ending at {@code asOf} (default today).
     */
    public Window period(String from, String to, String asOf, int defaultDays) {
        if (from != null || to != null) {
            if (asOf != null) {
                throw invalid("give from and to, or asOf, not both");
            }
            return explicit(from, to, MAX_ANALYSIS_DAYS);
        }
        return Window.lastDays(asOf == null ? today() : date("asOf", asOf), defaultDays);
    }

    private static Window explicit(String from, String to, int maxDays) {
        if (from == null || to == null) {
            throw invalid("give from and to together");
        }
        Window explicit = new Window(date("from", from), date("to", to));
        if (explicit.to().isBefore(explicit.from()) || explicit.days() > maxDays) {
            throw invalid("from must not be after to, and the window must not exceed " + maxDays + " days");
        }
        return explicit;
    }

    private static LocalDate date(String name, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(name + " must be an ISO date such as 2026-11-23");
        }
    }

    private static ProblemException invalid(String detail) {
        return ProblemException.badRequest("invalid-parameter", "Invalid parameter", detail + ".");
    }
}
