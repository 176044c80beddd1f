package io.laas.ledger.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How postings of one ledger are grouped into shared database commits ({@code laas.ledger.posting.*}). */
@ConfigMapping(prefix = "laas.ledger.posting")
public interface PostingConfig {

    /**
     * Most transactions committed in one database transaction. While a batch of a ledger commits, the
     * requests that arrive meanwhile wait and form the next batch (up to this many), so no request waits
     * longer than one commit before its own starts. Default {@code 256}.
     */
    @WithDefault("256")
    int maxBatchSize();

    /**
     * Most requests of one ledger waiting for their batch in this replica; beyond it a request is
     * refused at once with 503 LEDGER_BUSY (and {@code Retry-After}) instead of queueing without bound.
     * Default {@code 10000}.
     */
    @WithDefault("10000")
    int maxQueuedPerLedger();
}
