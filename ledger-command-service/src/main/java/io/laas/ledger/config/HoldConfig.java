package io.laas.ledger.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How pending transactions past their {@code expires_at} are voided ({@code laas.ledger.holds.*}). */
@ConfigMapping(prefix = "laas.ledger.holds")
public interface HoldConfig {

    /** How often each replica looks for expired holds. Default {@code 1s}. */
    @WithDefault("1s")
    Duration expiryInterval();

    /** Most expired holds voided per look; the rest wait for the next. Default {@code 500}. */
    @WithDefault("500")
    int expiryBatchSize();
}
