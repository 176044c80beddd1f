package io.laas.projector.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.laas.projector.transaction.TransactionFilter.Order;
import io.laas.web.problem.ProblemException;

class TransactionCursorTest {

    @Test
    void keysNameTheOrderAndReadBackTheSamePosition() {
        Instant time = Instant.parse("2026-01-02T03:04:05.123456Z");
        TransactionCursor bySequence = new TransactionCursor(Order.SEQUENCE, null, 42);
        TransactionCursor byOccurred = new TransactionCursor(Order.OCCURRED, time, 42);
        TransactionCursor byRecorded = new TransactionCursor(Order.RECORDED, time, 42);
        assertEquals("42", bySequence.key());
        assertEquals("o:1767323045123456:42", byOccurred.key());
        assertEquals("r:1767323045123456:42", byRecorded.key());
        assertEquals(bySequence, TransactionCursor.parse("42", Order.SEQUENCE));
        assertEquals(byOccurred, TransactionCursor.parse(byOccurred.key(), Order.OCCURRED));
        assertEquals(byRecorded, TransactionCursor.parse(byRecorded.key(), Order.RECORDED));
    }

    @Test
    void aKeyOfAnotherOrderOrOutOfRangeIsAnInvalidCursor() {
        List<Object[]> refused = List.of(new Object[] { "o:1:2", Order.SEQUENCE },
                new Object[] { "42", Order.OCCURRED }, new Object[] { "r:1:2", Order.OCCURRED },
                new Object[] { "o:1", Order.OCCURRED }, new Object[] { "o:x:2", Order.OCCURRED },
                new Object[] { "o:1:", Order.OCCURRED }, new Object[] { "o:-99999999999999999:1", Order.OCCURRED },
                new Object[] { "o:999999999999999999:1", Order.OCCURRED });
        for (Object[] key : refused) {
            ProblemException e = assertThrows(ProblemException.class,
                    () -> TransactionCursor.parse((String) key[0], (Order) key[1]), (String) key[0]);
            assertEquals("VALIDATION_FAILED", e.code());
        }
    }

    @Test
    void theOrderIsThatOfTheTimeFilteredOn() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        assertEquals(Order.SEQUENCE, new TransactionFilter(null, null, null, null, "cash", null, null, null, null).order());
        assertEquals(Order.OCCURRED, new TransactionFilter(null, t, t, null, null, null, null, null, null).order());
        assertEquals(Order.RECORDED, new TransactionFilter(null, null, null, t, null, null, null, null, null).order());
    }
}
