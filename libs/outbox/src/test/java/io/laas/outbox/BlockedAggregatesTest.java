package io.laas.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class BlockedAggregatesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final BlockedAggregates blocked = new BlockedAggregates(Duration.ofSeconds(1), Duration.ofSeconds(10));

    private static PendingEvent row(String aggregate, long position) {
        return new PendingEvent(UUID.randomUUID(), "ledger", aggregate, "test", "{}", null, position);
    }

    @Test
    void retriesWaitTwiceAsLongEachTimeUpToTheCap() {
        assertEquals(List.of(1L, 2L, 4L, 8L, 10L, 10L),
                List.of(1, 2, 3, 4, 5, 40).stream().map(n -> blocked.backoff(n).toSeconds()).toList());
    }

    @Test
    void aFailedRowBlocksItsAggregateUntilItsRetryIsDueAndUntilItIsReleased() {
        PendingEvent head = row("a", 7);
        assertTrue(blocked.fail(head, new RecordTooLargeException("too large"), T0));

        assertEquals(List.of(), blocked.due(T0.plusMillis(999), 10));
        assertEquals(List.of("a"), blocked.due(T0.plusSeconds(1), 10));
        assertFalse(blocked.fail(head, new RecordTooLargeException("still too large"), T0.plusSeconds(1)));
        BlockedAggregate state = blocked.snapshot().get(0);
        assertEquals(2, state.attempts());
        assertEquals(T0, state.since());
        assertEquals(T0.plusSeconds(3), state.nextAttempt());
        assertFalse(state.transientError());

        assertNull(blocked.releaseIfHeldBy(row("a", 8)));
        assertEquals(head.id(), blocked.releaseIfHeldBy(head).eventId());
        assertEquals(0, blocked.size());
    }

    @Test
    void theOldestFailedRowIsTheOneReported() {
        PendingEvent younger = row("a", 9);
        PendingEvent older = row("a", 4);
        blocked.fail(younger, new TimeoutException("expired"), T0);
        blocked.fail(older, new TimeoutException("expired"), T0.plusMillis(5));
        blocked.fail(row("a", 12), new TimeoutException("expired"), T0.plusMillis(6));

        BlockedAggregate state = blocked.snapshot().get(0);
        assertEquals(older.id(), state.eventId());
        assertEquals(1, state.attempts());
    }

    @Test
    void onlyTransientBlockagesBecomeDueWhenKafkaAnswersAgain() {
        blocked.fail(row("timeout", 1), new TimeoutException("expired"), T0);
        blocked.fail(row("too-large", 2), new RecordTooLargeException("too large"), T0);

        blocked.retryTransientNow(T0.plusMillis(10));

        assertEquals(List.of("timeout"), blocked.due(T0.plusMillis(10), 10));
    }

    @Test
    void recordVerdictsAreNotTransientButTimeoutsAndProducerErrorsAre() {
        assertFalse(BlockedAggregates.isTransient(new RecordTooLargeException("too large")));
        assertTrue(BlockedAggregates.isTransient(new TimeoutException("expired")));
        assertTrue(BlockedAggregates.isTransient(new KafkaException("Producer is closed forcefully")));
        assertTrue(BlockedAggregates.isTransient(new IllegalStateException("closed")));
    }
}
