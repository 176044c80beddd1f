package io.laas.projector.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "laas.projector")
public interface ProjectorConfig {

    Pagination pagination();

    Retry retry();

    /**
     * How often the gauges read from the database ({@code laas_projector_parked_events},
     * {@code laas_projector_failed_events}) are refreshed; a batch that changes them refreshes them at once.
     */
    @WithDefault("15s")
    Duration gaugeRefresh();

    interface Pagination {
        /** Page size when a list request has no {@code limit}. */
        @WithDefault("50")
        int defaultLimit();

        /** Largest accepted {@code limit}; larger values are rejected with 400. */
        @WithDefault("200")
        int maxLimit();

        /**
         * Largest accepted {@code limit} of the lists of a ledger's accounts, transactions and postings, which
         * clients page through to export or reconcile a ledger: every page is one index range, so a larger
         * page costs what its rows cost.
         */
        @WithDefault("1000")
        int ledgerListMaxLimit();
    }

    /**
     * A batch whose projection fails for a reason other than its content (database down, lock timeout)
     * is retried in place, with exponential back-off, until it succeeds, however long that takes: skipping
     * it would lose events and stall their ledgers behind a gap.
     */
    interface Retry {
        /** First delay after a failed attempt. */
        @WithDefault("200ms")
        Duration initialBackoff();

        /** Upper bound of the delay between attempts. */
        @WithDefault("10s")
        Duration maxBackoff();
    }
}
