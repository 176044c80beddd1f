package io.laas.ledger.verification;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.laas.ledger.event.EventChain;
import io.laas.ledger.event.StoredEvent;
import io.laas.ledger.verification.BalanceReplay.Totals;
import io.laas.ledger.verification.Verification.Mismatch;

/**
 * One verification of a ledger's history, fed in order: its events a page at a time ({@link #check}), then
 * the ledger's head as stored ({@link #checkHead}), then the write model's balances a page at a time
 * ({@link #checkBalances}, {@link #checkUnseenAccounts}). It stops at the first mismatch: every later step
 * returns {@code false} and changes nothing. Pure, and confined to one verification at a time.
 */
public final class ChainWalk {

    /** An account's totals as the write model holds them. */
    public record StoredBalance(UUID accountId, String code, BigDecimal debits, BigDecimal credits,
            BigDecimal pendingDebits, BigDecimal pendingCredits, long version) {
    }

    private final UUID ledgerId;
    private final BalanceReplay replay = new BalanceReplay();
    private long checked;
    private long lastSequence;
    private UUID lastEventId;
    private String lastHash;
    private Mismatch mismatch;

    public ChainWalk(UUID ledgerId) {
        this.ledgerId = ledgerId;
        this.lastHash = EventChain.genesis(ledgerId);
    }

    /** The sequence of the last event that verified: the next page starts after it. */
    public long lastSequence() {
        return lastSequence;
    }

    public boolean matches() {
        return mismatch == null;
    }

    /**
     * Checks the next events, in sequence order: the envelope's sequence follows the last one, its stored hash
     * is the one recomputed over the last hash, and a transaction's postings can be replayed.
     */
    public boolean check(List<StoredEvent> events) {
        for (StoredEvent event : events) {
            if (mismatch != null) {
                return false;
            }
            checked++;
            long expected = lastSequence + 1;
            Object sequence = event.envelope().getValue("sequence");
            if (!(sequence instanceof Number number) || number.longValue() != expected || event.sequence() != expected) {
                mismatch = new Mismatch(expected, event.id(), Verification.SEQUENCE_GAP, Long.toString(expected),
                        sequence == null ? null : sequence.toString(), null, null);
                return false;
            }
            Object stored = event.envelope().getValue(EventChain.HASH);
            String hash;
            try {
                hash = EventChain.hash(lastHash, event.envelope());
            } catch (IllegalArgumentException e) {
                hash = "no hash: " + e.getMessage(); // a value JSON canonicalization has no form for
            }
            if (!hash.equals(stored)) {
                mismatch = new Mismatch(expected, event.id(), Verification.HASH, hash,
                        stored == null ? null : stored.toString(), null, null);
                return false;
            }
            try {
                replay.apply(event);
            } catch (IllegalArgumentException e) {
                mismatch = new Mismatch(expected, event.id(), Verification.BALANCE, "postings that can be replayed",
                        e.getMessage(), null, null);
                return false;
            }
            lastSequence = expected;
            lastEventId = event.id();
            lastHash = hash;
        }
        return mismatch == null;
    }

    /**
     * Checks the ledger's row against the events: its last sequence is the last event's (no event missing at the
     * end, none beyond it) and its last hash is that event's ({@code null} while it has none).
     */
    public boolean checkHead(long storedLastSequence, String storedLastHash) {
        if (mismatch != null) {
            return false;
        }
        if (storedLastSequence > lastSequence) {
            mismatch = new Mismatch(lastSequence + 1, null, Verification.SEQUENCE_GAP, Long.toString(lastSequence + 1),
                    null, null, null);
        } else if (storedLastSequence < lastSequence) {
            mismatch = new Mismatch(storedLastSequence + 1, null, Verification.SEQUENCE_GAP, null,
                    Long.toString(storedLastSequence + 1), null, null);
        } else if (lastSequence > 0 && !lastHash.equals(storedLastHash)) {
            mismatch = new Mismatch(lastSequence, lastEventId, Verification.HASH, lastHash, storedLastHash, null, null);
        }
        return mismatch == null;
    }

    /** Compares the write model's totals of these accounts with the replayed ones. */
    public boolean checkBalances(List<StoredBalance> balances) {
        for (StoredBalance balance : balances) {
            if (mismatch != null) {
                return false;
            }
            Totals totals = replay.take(balance.accountId());
            BigDecimal debits = totals == null ? BigDecimal.ZERO : totals.debits();
            BigDecimal credits = totals == null ? BigDecimal.ZERO : totals.credits();
            BigDecimal pendingDebits = totals == null ? BigDecimal.ZERO : totals.pendingDebits();
            BigDecimal pendingCredits = totals == null ? BigDecimal.ZERO : totals.pendingCredits();
            long version = totals == null ? 0 : totals.version();
            if (debits.compareTo(balance.debits()) != 0) {
                mismatch = balance(totals, balance.code(), "debits", debits, balance.debits());
            } else if (credits.compareTo(balance.credits()) != 0) {
                mismatch = balance(totals, balance.code(), "credits", credits, balance.credits());
            } else if (pendingDebits.compareTo(balance.pendingDebits()) != 0) {
                mismatch = balance(totals, balance.code(), "pending_debits", pendingDebits, balance.pendingDebits());
            } else if (pendingCredits.compareTo(balance.pendingCredits()) != 0) {
                mismatch = balance(totals, balance.code(), "pending_credits", pendingCredits, balance.pendingCredits());
            } else if (version != balance.version()) {
                mismatch = balance(totals, balance.code(), "version", BigDecimal.valueOf(version),
                        BigDecimal.valueOf(balance.version()));
            }
        }
        return mismatch == null;
    }

    /** After every stored balance was compared: an account the events moved must exist in the write model. */
    public boolean checkUnseenAccounts() {
        if (mismatch != null) {
            return false;
        }
        replay.remaining().entrySet().stream()
                .min(Comparator.comparing((Map.Entry<UUID, Totals> entry) -> entry.getValue().lastSequence()))
                .ifPresent(entry -> {
                    Totals totals = entry.getValue();
                    String field = totals.debits().signum() != 0 ? "debits" : "credits";
                    mismatch = balance(totals, totals.code(), field,
                            field.equals("debits") ? totals.debits() : totals.credits(), null);
                });
        return mismatch == null;
    }

    public Verification result() {
        return new Verification(ledgerId, mismatch == null, checked, lastSequence, lastHash, mismatch);
    }

    private static Mismatch balance(Totals totals, String code, String field, BigDecimal expected, BigDecimal actual) {
        return new Mismatch(totals == null ? null : totals.lastSequence(), totals == null ? null : totals.lastEventId(),
                Verification.BALANCE, expected.toPlainString(), actual == null ? null : actual.toPlainString(), code, field);
    }
}
