package io.laas.ledger.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The chain rule against values computed outside Java (Python's hashlib and json, for plain data). */
class EventChainTest {

    private static final UUID LEDGER = UUID.fromString("00000000-0000-0000-0000-000000000005");
    private static final OffsetDateTime RECORDED = OffsetDateTime.parse("2026-11-21T15:00:00.123456Z");

    @Test
    void theGenesisIsTheSha256OfTheLowercaseLedgerId() {
        assertEquals("9002fa2529ae34cc5ca90b20bfcc8d035e555fa3e21f5793642f9d0ab3cd97ba", EventChain.genesis(LEDGER));
        assertEquals(EventChain.genesis(LEDGER),
                EventChain.genesis(UUID.fromString("00000000-0000-0000-0000-000000000005".toUpperCase())));
    }

    @Test
    void eachHashCoversThePreviousHashAndTheCanonicalEnvelope() {
        EventChain.Linked linked = EventChain.link(new ChainHead(0, EventChain.genesis(LEDGER)),
                List.of(event(1), event(2)));

        assertEquals("75d2fcb409598be8112b09efd73f1d6e62ca031d00c667ef4590f91c98c377ec", linked.events().get(0).hash());
        assertEquals("c284bde889231d78ff40ba9c0e945af2c404b10148ee12627e5eb5f02a8eb22c", linked.events().get(1).hash());
        assertEquals(new ChainHead(2, linked.events().get(1).hash()), linked.head());
        JsonObject published = linked.events().get(1).envelope();
        assertEquals(linked.events().get(1).hash(), published.getString("hash"));
        assertEquals(published.getString("hash"), EventChain.hash(linked.events().get(0).hash(), published),
                "the hash member itself is not hashed");
    }

    @Test
    void anyChangeToAnEnvelopeChangesItsHash() {
        String previous = EventChain.genesis(LEDGER);
        JsonObject envelope = event(1).envelope();
        String hash = EventChain.hash(previous, envelope);
        JsonObject changed = envelope.copy();
        changed.getJsonObject("data").put("amount", "10.01");
        assertNotEquals(hash, EventChain.hash(previous, changed));
        assertNotEquals(hash, EventChain.hash(EventChain.genesis(UUID.randomUUID()), envelope));
        JsonObject reordered = new JsonObject();
        envelope.fieldNames().stream().sorted(java.util.Comparator.reverseOrder())
                .forEach(name -> reordered.put(name, envelope.getValue(name)));
        assertEquals(hash, EventChain.hash(previous, reordered), "member order is not part of the hash");
    }

    @Test
    void eventsMustContinueTheHeadsSequence() {
        ChainHead head = new ChainHead(0, EventChain.genesis(LEDGER));
        assertThrows(IllegalStateException.class, () -> EventChain.link(head, List.of(event(2))));
        assertThrows(IllegalStateException.class, () -> EventChain.link(head, List.of(event(1), event(1))));
    }

    @Test
    void aStoredHeadWithoutHashIsTheGenesisOnlyBeforeTheFirstEvent() {
        assertEquals(new ChainHead(0, EventChain.genesis(LEDGER)), ChainHead.of(LEDGER, 0, null));
        assertEquals(new ChainHead(3, "abc"), ChainHead.of(LEDGER, 3, "abc"));
        assertThrows(IllegalStateException.class, () -> ChainHead.of(LEDGER, 3, null));
    }

    /** The events whose hashes were computed with Python 3 (json.dumps with sort_keys, hashlib.sha256). */
    private static LedgerEvent event(long sequence) {
        return new LedgerEvent(UUID.fromString("2f0c6f0e-0000-4000-8000-00000000000" + sequence), LEDGER, sequence,
                LedgerEvent.TRANSACTION_POSTED, RECORDED, new JsonObject().put("amount", "10.00")
                        .put("metadata", new JsonObject().put("\u00e9", "\u00fc\n")
                                .put("z", new JsonArray().add(1).add(true).addNull())));
    }
}
