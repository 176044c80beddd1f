package io.laas.web.consistency;

/**
 * Reads after writes (docs/api.md, "Reads after writes"): every write of a ledger answers the ledger's sequence
 * after it in the {@value #HEADER} header; a read given that sequence as {@value #MIN_SEQUENCE} waits until the
 * projection has reached it, and answers the sequence it reflects in the same header.
 */
public final class LedgerSequence {

    public static final String HEADER = "Ledger-Sequence";
    public static final String MIN_SEQUENCE = "min_sequence";

    private LedgerSequence() {
    }
}
