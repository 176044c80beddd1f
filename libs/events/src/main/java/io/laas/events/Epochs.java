package io.laas.events;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The epochs of the ledgers' event log (docs/operations.md, "Backup and restore"). A restore starts a new epoch
 * and records its cut: each ledger's last sequence in the restored database. Kafka still holds the events written
 * after the backup (the lost tail), and the ledgers take their sequence numbers again in the new epoch, so a
 * consumer tells the two apart by the epoch every event carries: an event of an earlier epoch whose sequence lies
 * beyond the cut of any restore since is lost tail, and is neither applied nor taken for a gap, a duplicate or a
 * broken chain. The one rule for every consumer; each loads the epochs from its own schema.
 *
 * @param current the epoch new events are written in
 * @param cuts for every epoch a restore started, each ledger's last sequence kept; a ledger missing from a cut
 *        did not exist in the restored database, so none of its earlier events were kept
 */
public record Epochs(long current, NavigableMap<Long, Map<UUID, Long>> cuts) {

    /** The epoch of events written before any restore, and of events that carry no epoch. */
    public static final long FIRST = 1;

    public Epochs {
        cuts = new TreeMap<>(cuts);
    }

    /** No restore yet. */
    public static Epochs first() {
        return new Epochs(FIRST, new TreeMap<>());
    }

    /** Whether the event was written after the backup a later restore went back to. */
    public boolean isLostTail(long epoch, UUID ledgerId, long sequence) {
        if (epoch >= current) {
            return false;
        }
        for (Map<UUID, Long> cut : cuts.tailMap(epoch, false).values()) {
            if (sequence > cut.getOrDefault(ledgerId, 0L)) {
                return true;
            }
        }
        return false;
    }

    /** {@link #isLostTail(long, UUID, long)} for an envelope; an event without a sequence is never lost tail. */
    public boolean isLostTail(EventEnvelope event) {
        return event.sequence() != null && isLostTail(event.epoch(), event.ledgerId(), event.sequence());
    }
}
