package io.laas.ledger.transaction;

import java.util.List;
import java.util.UUID;

/**
 * What a ledger's group commit judges and commits under the ledger's lock: a transaction to post (or
 * hold, or a reversal), or the commit or void of a pending one.
 */
public sealed interface BatchItem permits CheckedTransaction, PendingResolution {

    UUID ledgerId();

    /** The client's key, or {@code null} for an item only the ledger itself sends (a hold's expiry). */
    String idempotencyKey();

    String requestHash();

    /** The codes of the accounts whose rows the item needs locked, sorted. */
    List<String> accountCodes();

    /** The earlier transaction the item acts on, or {@code null}. */
    UUID target();
}
