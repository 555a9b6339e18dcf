package dev.uptake.campaign.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of campaign-service; each can be overridden by its environment variable (UPTAKE_CAMPAIGN_...). */
@ConfigMapping(prefix = "uptake.campaign")
public interface CampaignConfig {

    Signals signals();

    interface Signals {

        /**
         * Retries of a signal whose storage failed (PostgreSQL unavailable) before it is dead-lettered; the partition
         * waits meanwhile, so order is kept through short outages.
         */
        @WithDefault("10")
        int storeRetries();

        /** Longest wait between two storage retries; waits start at 200 ms and double. */
        @WithDefault("PT5S")
        Duration storeRetryMaxBackoff();
    }
}
