package io.laas.local.backup;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A ledger's last event sequence and the hash of that event (null while the ledger has no event). */
public record LedgerHead(
        @JsonProperty("ledger_id") String ledgerId,
        @JsonProperty("last_sequence") long lastSequence,
        @JsonProperty("chain_head") String chainHead) {
}
