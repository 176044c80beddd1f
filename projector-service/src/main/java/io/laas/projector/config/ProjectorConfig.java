package io.laas.projector.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "laas.projector")
public interface ProjectorConfig {

    Pagination pagination();

    Retry retry();

    ReadYourWrites readYourWrites();

    Lag lag();

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

    /**
     * Reads with {@code min_sequence} wait, without holding a thread, until the projection of their ledger has
     * reached it. This replica's own commits wake them at once; commits of other replicas are found by polling
     * {@code ledger_progress} while reads wait.
     */
    interface ReadYourWrites {
        /** Longest wait of a read for its {@code min_sequence}; then 409 PROJECTION_BEHIND. 0 = never wait. */
        @WithDefault("2s")
        Duration maxWait();

        /** How often waiting reads look for progress made by other replicas (one query for all their ledgers). */
        @WithDefault("50ms")
        Duration pollInterval();

        /**
         * How long a ledger's projected sequence learnt from the database may be reused for the
         * {@code Ledger-Sequence} header of reads without {@code min_sequence}: it is a lower bound of what the
         * read shows, at most this much older than the truth when another replica projects the ledger. This
         * replica's own commits always update it at once.
         */
        @WithDefault("100ms")
        Duration sequenceTtl();
    }

    /**
     * Projection lag per ledger ({@code laas_projector_ledger_lag_*}): one gauge pair per ledger would be
     * unbounded with thousands of ledgers, so only the ledgers furthest behind get one.
     */
    interface Lag {
        /** A ledger gets its own gauges once it is at least this many events behind. */
        @WithDefault("1")
        long ledgerGaugeThreshold();

        /** At most this many ledgers (the furthest behind) have their own gauges at a time. */
        @WithDefault("20")
        int ledgerGauges();
    }
}
