package io.laas.ledger.event;

import java.util.UUID;

/**
 * Where a ledger's history ends: its last sequence and the hash of that event, or the ledger's genesis hash
 * while it has no event. The next event is {@code lastSequence + 1}, hashed over {@code lastHash}.
 */
public record ChainHead(long lastSequence, String lastHash) {

    /**
     * The head as stored on the ledger's row ({@code last_hash} is {@code null} until its first event). A ledger
     * with events and no hash was never linked; writing after it would start a second chain, so that fails.
     */
    public static ChainHead of(UUID ledgerId, long lastSequence, String storedHash) {
        if (storedHash != null) {
            return new ChainHead(lastSequence, storedHash);
        }
        if (lastSequence == 0) {
            return new ChainHead(0, EventChain.genesis(ledgerId));
        }
        throw new IllegalStateException("Ledger " + ledgerId + " has " + lastSequence
                + " events but no last hash: its history was never linked (migration V5.1)");
    }
}
