package io.laas.bench.load;

/** Which accounts a transaction moves money between. */
public enum TransactionShape {
    /** Two distinct accounts drawn uniformly from all of the ledger's accounts. */
    UNIFORM,
    /** The first account in every transaction, against one drawn uniformly from the others. */
    HOT,
    /** Four distinct accounts: two debits (1.00 and 2.00) and two credits (1.50 each). */
    FOUR_POSTINGS
}
