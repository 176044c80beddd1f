package io.laas.ledger.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How due runs of scheduled transactions are posted ({@code laas.ledger.schedules.*}). */
@ConfigMapping(prefix = "laas.ledger.schedules")
public interface ScheduleConfig {

    /** How often each replica looks for due runs. Default {@code 1s}. */
    @WithDefault("1s")
    Duration interval();

    /** Most schedules one look takes (each posts one run). Default {@code 100}. */
    @WithDefault("100")
    int batchSize();

    /**
     * How long a replica holds the schedules it took: another replica takes them only once this has
     * passed (e.g. after a crash). Default {@code 30s}.
     */
    @WithDefault("30s")
    Duration lease();
}
