package dev.uptake.kit.metrics;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/**
 * Every timer of the suite (HTTP requests, Kafka acknowledgements, batch applies) publishes histogram buckets, so
 * Prometheus can compute p95/p99 across replicas; plain timers only give a count, a sum and a max.
 */
@Singleton
public class LatencyHistograms {

    @Produces
    @Singleton
    public MeterFilter percentileHistograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() != Meter.Type.TIMER) {
                    return config;
                }
                return DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config);
            }
        };
    }
}
