package io.laas.webhook.stats.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Per-endpoint statistics ({@code laas.webhook.stats.*}). */
@ConfigMapping(prefix = "laas.webhook.stats")
public interface StatsConfig {

    /** How long the hourly counters of an endpoint are kept; the longest window shown is 7 days. */
    @WithDefault("30d")
    Duration retention();

    /** How often counters older than {@link #retention()} are deleted. */
    @WithDefault("1h")
    Duration cleanupInterval();
}
