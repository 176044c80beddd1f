package io.laas.projector.transaction;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.laas.projector.transaction.TransactionFilter.Order;
import io.laas.web.pagination.PageRequest;

/**
 * Where a page of a transaction list ends, in the list's {@link Order}: the last transaction's sequence and,
 * in a list ordered by a time, that time. Its key (inside the opaque cursor) is the sequence alone for the
 * sequence order (as cursors always were), {@code o:<micros>:<sequence>} or {@code r:<micros>:<sequence>} for
 * the time orders, so that a cursor of one order is refused by another.
 *
 * @param time the time the list is ordered by, at microseconds; {@code null} in the sequence order
 */
public record TransactionCursor(Order order, Instant time, long sequence) {

    /** The times a cursor may name: those of RFC 3339 (years 1 to 9999), all of which PostgreSQL keeps. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("+10000-01-01T00:00:00Z");

    /** The position of this transaction in a list of this order. */
    public static TransactionCursor of(Transaction tx, Order order) {
        return switch (order) {
            case SEQUENCE -> new TransactionCursor(order, null, tx.sequence());
            case OCCURRED -> new TransactionCursor(order, tx.occurredAt().toInstant(), tx.sequence());
            case RECORDED -> new TransactionCursor(order, tx.recordedAt().toInstant(), tx.sequence());
        };
    }

    public String key() {
        return switch (order) {
            case SEQUENCE -> Long.toString(sequence);
            case OCCURRED -> "o:" + micros(time) + ":" + sequence;
            case RECORDED -> "r:" + micros(time) + ":" + sequence;
        };
    }

    /** The position a cursor key of a list of this order names, or 400 INVALID_CURSOR (on {@code cursor}). */
    public static TransactionCursor parse(String key, Order order) {
        if (order == Order.SEQUENCE) {
            return new TransactionCursor(order, null, PageRequest.numericKey(key));
        }
        String prefix = order == Order.OCCURRED ? "o:" : "r:";
        int colon = key.indexOf(':', prefix.length());
        if (!key.startsWith(prefix) || colon < 0) {
            throw PageRequest.invalidCursor();
        }
        long micros = PageRequest.numericKey(key.substring(prefix.length(), colon));
        long sequence = PageRequest.numericKey(key.substring(colon + 1));
        Instant time = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
        if (time.isBefore(EARLIEST) || !time.isBefore(LATEST)) {
            throw PageRequest.invalidCursor();
        }
        return new TransactionCursor(order, time, sequence);
    }

    private static long micros(Instant time) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, time);
    }
}
