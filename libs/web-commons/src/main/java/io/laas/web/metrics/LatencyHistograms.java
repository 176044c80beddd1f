package io.laas.web.metrics;

import java.time.Duration;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/**
 * Latency percentiles must be computed by Prometheus over all replicas ({@code histogram_quantile} over the sum of
 * the {@code _bucket} series); quantiles computed in each process cannot be added up. Every timer of the HTTP
 * server ({@code http_server_requests_seconds}, tagged by route template) and of the services' own
 * {@code laas.*} meters therefore publishes these fixed buckets, unless the meter chose its own. A fixed, short
 * list keeps the series per route bounded (Micrometer's default histogram has about 70 buckets) and recording
 * costs one binary search and one atomic increment.
 */
@Singleton
public class LatencyHistograms {

    /** 5 ms to 10 s: the API's answers, a group commit, an event's way to the read model, a webhook attempt. */
    static final Duration[] BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10) };

    private static final double[] BUCKET_NANOS = new double[BUCKETS.length];

    static {
        for (int i = 0; i < BUCKETS.length; i++) {
            BUCKET_NANOS[i] = BUCKETS[i].toNanos();
        }
    }

    @Produces
    @Singleton
    MeterFilter latencyBuckets() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() != Meter.Type.TIMER || !isLatency(id.getName())
                        || config.getServiceLevelObjectiveBoundaries() != null
                        || Boolean.TRUE.equals(config.isPercentileHistogram())) {
                    return config;
                }
                return DistributionStatisticConfig.builder().serviceLevelObjectives(BUCKET_NANOS).build().merge(config);
            }
        };
    }

    static boolean isLatency(String name) {
        return name.equals("http.server.requests") || name.startsWith("laas.");
    }
}
