package io.laas.bench.load;

import java.util.Map;

/**
 * How one answer counts: the transactions (or reads) it accepted, the items it refused by status, and
 * how many of those may have been committed all the same (no answer, or a 5xx: the outcome is unknown).
 *
 * @param accepted new transactions posted (201; a bulk: its items answered 201 and not replayed), or reads
 *        answered 200
 * @param refused items not accepted, by status: the item's own status in a bulk, 200 for a replay of a key
 *        used before (as a single post answers it), {@link WindowCounter#NO_ANSWER} when no answer came
 * @param uncertain of the refused items, those whose transaction may have been committed anyway
 */
public record Outcome(long accepted, Map<Integer, Long> refused, long uncertain) {

    /** One transaction posted, or one read answered. */
    public static final Outcome ONE_ACCEPTED = new Outcome(1, Map.of(), 0);

    public Outcome {
        refused = Map.copyOf(refused);
    }

    /** Every one of {@code items} refused with the request's status. */
    public static Outcome refused(int status, long items) {
        return new Outcome(0, Map.of(status, items), unknownOutcome(status) ? items : 0);
    }

    /** A status after which what was committed is not known: no answer, or a server error. */
    public static boolean unknownOutcome(int status) {
        return status == WindowCounter.NO_ANSWER || status >= 500;
    }

    public long refusedCount() {
        return refused.values().stream().mapToLong(Long::longValue).sum();
    }
}
