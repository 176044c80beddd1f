package io.laas.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * The aggregates the relay holds back because a row of theirs could not be published, and when each
 * one's oldest row is due to be sent again.
 *
 * <p>Contract: an aggregate is blocked by its first failed row and stays blocked until {@link #release}
 * (its oldest row was acknowledged, or is gone). While blocked, only its oldest row is sent, and only
 * once {@link #due} lists it: the n-th retry waits {@code initial * 2^(n-1)}, capped at {@code max}.
 * A later failure of an older row (lower position) replaces the reported event; a failure of a younger
 * one changes nothing. Updated from the relay's context only; read from any thread.
 */
final class BlockedAggregates {

    private static final int ERROR_TEXT_LIMIT = 300;

    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Map<String, Blockage> blocked = new ConcurrentHashMap<>();

    BlockedAggregates(Duration initialBackoff, Duration maxBackoff) {
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff.compareTo(initialBackoff) < 0 ? initialBackoff : maxBackoff;
    }

    /** Records a failed send of {@code event}; returns {@code true} when this newly blocks its aggregate. */
    boolean fail(PendingEvent event, Throwable error, Instant now) {
        Blockage previous = blocked.get(event.aggregateId());
        if (previous != null && previous.position() < event.position()) {
            return false;
        }
        boolean sameRow = previous != null && previous.position() == event.position();
        int attempts = sameRow ? previous.state().attempts() + 1 : 1;
        Instant since = sameRow ? previous.state().since() : now;
        blocked.put(event.aggregateId(), new Blockage(event.position(), new BlockedAggregate(event.aggregateId(),
                event.id(), describe(error), since, attempts, now.plus(backoff(attempts)), isTransient(error))));
        return previous == null;
    }

    /** Unblocks the aggregate; returns what it was blocked by, or {@code null} if it was not blocked. */
    BlockedAggregate release(String aggregateId) {
        Blockage removed = blocked.remove(aggregateId);
        return removed == null ? null : removed.state();
    }

    /** Unblocks the aggregate if {@code event} is the row it is blocked by; returns that blockage, else {@code null}. */
    BlockedAggregate releaseIfHeldBy(PendingEvent event) {
        Blockage current = blocked.get(event.aggregateId());
        if (current == null || current.position() != event.position()) {
            return null;
        }
        blocked.remove(event.aggregateId(), current);
        return current.state();
    }

    void clear() {
        blocked.clear();
    }

    Set<String> ids() {
        return blocked.keySet();
    }

    /** Blocked aggregates whose retry is due, longest-waiting first, at most {@code limit}. */
    List<String> due(Instant now, int limit) {
        return blocked.values().stream()
                .map(Blockage::state)
                .filter(b -> !b.nextAttempt().isAfter(now))
                .sorted(Comparator.comparing(BlockedAggregate::nextAttempt))
                .limit(limit)
                .map(BlockedAggregate::aggregateId)
                .toList();
    }

    /** Makes every aggregate blocked by a transient error due now (Kafka answers again). */
    void retryTransientNow(Instant now) {
        blocked.replaceAll((id, b) -> b.state().transientError() ? b.dueAt(now) : b);
    }

    int size() {
        return blocked.size();
    }

    /** Every blockage, the longest-standing first. */
    List<BlockedAggregate> snapshot() {
        return blocked.values().stream()
                .map(Blockage::state)
                .sorted(Comparator.comparing(BlockedAggregate::since).thenComparing(BlockedAggregate::aggregateId))
                .toList();
    }

    /** The pause before retry number {@code attempt} (1 = the first retry). */
    Duration backoff(int attempt) {
        int doublings = Math.min(Math.max(attempt, 1) - 1, 30);
        Duration pause = initialBackoff.multipliedBy(1L << doublings);
        return pause.compareTo(maxBackoff) > 0 ? maxBackoff : pause;
    }

    /**
     * Whether Kafka may stop returning this error by itself: its retriable errors (timeouts, network,
     * not enough replicas) and anything the producer raised on its own behalf rather than about the
     * record. A non-retriable {@link ApiException} (a record too large, an invalid record, a denied
     * topic) is a verdict on the record that only a change of the record or the configuration lifts.
     */
    static boolean isTransient(Throwable error) {
        return error instanceof RetriableException || !(error instanceof ApiException);
    }

    static String describe(Throwable error) {
        String text = error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        return text.length() <= ERROR_TEXT_LIMIT ? text : text.substring(0, ERROR_TEXT_LIMIT) + "…";
    }

    private record Blockage(long position, BlockedAggregate state) {

        Blockage dueAt(Instant now) {
            BlockedAggregate s = state;
            return new Blockage(position, new BlockedAggregate(s.aggregateId(), s.eventId(), s.error(), s.since(),
                    s.attempts(), now, s.transientError()));
        }
    }
}
