package io.laas.ledger.event;

/**
 * What a write of a ledger answers, with the ledger's sequence after it (the {@code Ledger-Sequence} header): the
 * sequence of the write's last event, or, for a write that changed nothing or replays an earlier one, the
 * ledger's sequence when it was answered, so that a read with that {@code min_sequence} shows what the answer
 * says.
 */
public record Sequenced<T>(T value, long ledgerSequence) {
}
