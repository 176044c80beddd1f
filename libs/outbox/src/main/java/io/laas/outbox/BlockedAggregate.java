package io.laas.outbox;

import java.time.Instant;
import java.util.UUID;

/**
 * An aggregate (ledger) whose oldest outbox row could not be published. None of its later rows is sent
 * until that row is; the relay retries it with back-off while the other aggregates keep flowing.
 *
 * @param aggregateId the {@code aggregateid} held back
 * @param eventId the oldest row that failed (its {@code id})
 * @param error what Kafka or the producer said, e.g. {@code RecordTooLargeException: ...}
 * @param since when that row first failed
 * @param attempts failed sends of that row so far
 * @param nextAttempt when the relay sends it again
 * @param transientError whether the error is one Kafka may stop giving on its own (a timeout, a
 *     network error) rather than a verdict on the record
 */
public record BlockedAggregate(String aggregateId, UUID eventId, String error, Instant since, int attempts,
        Instant nextAttempt, boolean transientError) {
}
