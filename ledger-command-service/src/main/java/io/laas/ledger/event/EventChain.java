package io.laas.ledger.event;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.laas.events.chain.HashChain;
import io.vertx.core.json.JsonObject;

/**
 * The hash chain of a ledger's events (docs/events.md, "A history anyone can verify"):
 *
 * <pre>
 * hash(N)   = lowercase hex( SHA-256( UTF-8(hash(N-1)) ‖ UTF-8(JCS(envelope(N) without "hash")) ) )
 * hash(0)   = lowercase hex( SHA-256( UTF-8(ledger id, lowercase) ) )          -- the genesis
 * </pre>
 *
 * The rule itself is {@link HashChain} (libs/events), shared with the projector, which checks the chain when it
 * rebuilds a ledger from the event feed. Every writer of events links them here, and the verifier recomputes
 * them here, so there is one definition of the chain.
 */
public final class EventChain {

    public static final String HASH = HashChain.HASH;

    private EventChain() {
    }

    /** What a ledger's first event is hashed over. */
    public static String genesis(UUID ledgerId) {
        return HashChain.genesis(ledgerId);
    }

    /** The hash of an envelope that follows {@code previousHash}; a {@code hash} member of the envelope is left out. */
    public static String hash(String previousHash, JsonObject envelope) {
        return HashChain.hash(previousHash, envelope);
    }

    /**
     * Links events that continue the ledger after {@code head}, in order: each gets the hash over the one
     * before it. Their sequences must follow the head's without a gap.
     */
    public static Linked link(ChainHead head, List<LedgerEvent> events) {
        List<LedgerEvent> linked = new ArrayList<>(events.size());
        long sequence = head.lastSequence();
        String previous = head.lastHash();
        for (LedgerEvent event : events) {
            if (event.sequence() != ++sequence) {
                throw new IllegalStateException("Event " + event.id() + " of ledger " + event.ledgerId() + " has sequence "
                        + event.sequence() + " where " + sequence + " follows the chain's head");
            }
            previous = hash(previous, event.envelope());
            linked.add(event.linked(previous));
        }
        return new Linked(List.copyOf(linked), new ChainHead(sequence, previous));
    }

    /** Events with their hashes, and the ledger's head after the last of them. */
    public record Linked(List<LedgerEvent> events, ChainHead head) {
    }
}
