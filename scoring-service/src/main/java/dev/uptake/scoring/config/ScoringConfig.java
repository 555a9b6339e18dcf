package dev.uptake.scoring.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every tunable of the scoring service; each can be overridden by the matching environment variable. */
@ConfigMapping(prefix = "uptake.scoring")
public interface ScoringConfig {

    /** How often the outbox relay looks for signals a crash or an outage left behind. */
    @WithDefault("5s")
    String outboxRelayInterval();

    /** Inactivity after which the next event starts a new session (unless the event carries context.sessionId). */
    @WithDefault("PT30M")
    Duration sessionTimeout();

    Traits traits();

    Frequency frequency();

    Utilization utilization();

    Segments segments();

    /**
     * Analyses of history (retention, renewals, the login threshold, the funnel) run at once per instance; more are
     * answered 503 with Retry-After. Each reads a tenant's summaries and many day documents, and piled up they only
     * slow each other and the consumer.
     */
    @WithDefault("2")
    int concurrentAnalyses();

    /** Which traits of identify and group calls carry the values the model needs. */
    interface Traits {
        /** Group trait holding the account's tier. */
        @WithDefault("tier")
        String tier();

        /** Identify trait holding the user's role. */
        @WithDefault("role")
        String role();

        /** Group trait holding the customer success manager who owns the account. */
        @WithDefault("csm")
        String csm();

        /** Group trait holding the date the account churned; its users leave retention analyses from then on. */
        @WithDefault("churnedAt")
        String churnedAt();

        /** Group trait holding the outcome of the latest renewal: churned (or lost, cancelled), renewed, expanded... */
        @WithDefault("renewalOutcome")
        String renewalOutcome();

        /** Group trait holding the date of the renewal that outcome belongs to. */
        @WithDefault("lastRenewalDate")
        String lastRenewalDate();
    }

    /** Usage frequency bands by active days per 30 days (scaled to other window lengths). */
    interface Frequency {
        @WithDefault("20")
        int dailyMinDays();

        @WithDefault("8")
        int frequentMinDays();
    }

    /** License utilization flags: active users in the last 30 days divided by licensed seats. */
    interface Utilization {
        @WithDefault("0.9")
        double nearCapacity();

        @WithDefault("0.4")
        double underUsed();
    }

    /** Behavioural segment thresholds. */
    interface Segments {
        /** Active days in the last 30 from which a subject can be power (the "frequent" band starts at 8). */
        @WithDefault("8")
        int powerMinActiveDays();

        /** Breadth (share of the relevant features used in the last 30 days) a power subject needs, in percent. */
        @WithDefault("60")
        int powerMinBreadthPercent();

        /** At most this many active days in the last 30 make a settled subject at-risk. */
        @WithDefault("2")
        int atRiskMaxActiveDays();

        /** Active days down by at least this percentage against the previous 30 days make a subject at-risk. */
        @WithDefault("30")
        int atRiskDeclinePercent();

        /** Breadth under this percentage makes a settled subject at-risk. */
        @WithDefault("30")
        int atRiskBreadthBelowPercent();

        /** Days of silence after which a subject that was active is "dormant". */
        @WithDefault("30")
        int dormantSilentDays();

        /** How often every subject is re-evaluated so that silence alone moves segments. */
        @WithDefault("1h")
        String reevaluateEvery();
    }
}
