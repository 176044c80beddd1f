package io.laas.projector.balance;

import java.time.OffsetDateTime;

/**
 * A place in an account's history: a time (effective or recorded, per {@link Basis}), then the recording order
 * (event sequence, posting position). Entries are ordered by it; {@link #before(OffsetDateTime)} sorts before
 * every entry at that time (sequences start at 1).
 */
public record EntryKey(OffsetDateTime time, long sequence, int position) implements Comparable<EntryKey> {

    /** Before every entry at {@code time} and after every entry before it. */
    public static EntryKey before(OffsetDateTime time) {
        return new EntryKey(time, 0, 0);
    }

    public static EntryKey later(EntryKey a, EntryKey b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public int compareTo(EntryKey other) {
        int byTime = time.toInstant().compareTo(other.time.toInstant());
        if (byTime != 0) {
            return byTime;
        }
        int bySequence = Long.compare(sequence, other.sequence);
        return bySequence != 0 ? bySequence : Integer.compare(position, other.position);
    }

    /** Right after this entry: the entries up to and including it sort before it. */
    public EntryKey justAfter() {
        return new EntryKey(time, sequence, position + 1);
    }
}
