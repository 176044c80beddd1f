package io.laas.ledger.verification;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.laas.ledger.event.StoredEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Replays the events that move balances into each account's totals as the write model keeps them: posted
 * debits and credits, pending debits and credits, and the version. Which event types move them, and how, is
 * the table {@link #EFFECTS}, after docs/events.md: the postings of {@code transaction.posted},
 * {@code transaction.reversed} and {@code transaction.committed} are posted (each posting of a positive
 * amount is one version); those of {@code transaction.pending} are held; a commit releases what it posted
 * and what its {@code released} lists, a void what its {@code released} lists. Memory is one entry per
 * account moved, whatever the number of events.
 */
public final class BalanceReplay {

    /** What an event of one type does to the totals. */
    @FunctionalInterface
    interface Effect {
        void apply(BalanceReplay replay, StoredEvent event, JsonObject data);
    }

    private static final Map<String, Effect> EFFECTS = Map.of(
            "transaction.posted", BalanceReplay::posted,
            "transaction.reversed", BalanceReplay::posted,
            "transaction.pending", (replay, event, data) -> replay.postings(event, data, "postings", Side.PENDING, 1),
            "transaction.committed", (replay, event, data) -> {
                replay.postings(event, data, "postings", Side.PENDING, -1);
                replay.postings(event, data, "released", Side.PENDING, -1);
                replay.postings(event, data, "postings", Side.POSTED, 1);
            },
            "transaction.voided", (replay, event, data) -> replay.postings(event, data, "released", Side.PENDING, -1));

    private enum Side {
        POSTED, PENDING
    }

    /** An account's replayed totals, and the last event that moved them. */
    public static final class Totals {
        private final String code;
        private BigDecimal debits = BigDecimal.ZERO;
        private BigDecimal credits = BigDecimal.ZERO;
        private BigDecimal pendingDebits = BigDecimal.ZERO;
        private BigDecimal pendingCredits = BigDecimal.ZERO;
        private long version;
        private long lastSequence;
        private UUID lastEventId;

        Totals(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public BigDecimal debits() {
            return debits;
        }

        public BigDecimal credits() {
            return credits;
        }

        public BigDecimal pendingDebits() {
            return pendingDebits;
        }

        public BigDecimal pendingCredits() {
            return pendingCredits;
        }

        public long version() {
            return version;
        }

        public long lastSequence() {
            return lastSequence;
        }

        public UUID lastEventId() {
            return lastEventId;
        }
    }

    private final Map<UUID, Totals> accounts = new HashMap<>();

    /** Applies one event; fails with {@link IllegalArgumentException} when a moving event's data cannot be read. */
    public void apply(StoredEvent event) {
        Effect effect = EFFECTS.get(event.envelope().getValue("event_type"));
        if (effect != null) {
            Object data = event.envelope().getValue("data");
            if (!(data instanceof JsonObject object)) {
                throw new IllegalArgumentException("data is not an object");
            }
            effect.apply(this, event, object);
        }
    }

    /** The totals replayed for the account, taken out of the replay ({@code null}: no event moved it). */
    public Totals take(UUID accountId) {
        return accounts.remove(accountId);
    }

    /** The accounts moved by events and not taken yet. */
    public Map<UUID, Totals> remaining() {
        return accounts;
    }

    private static void posted(BalanceReplay replay, StoredEvent event, JsonObject data) {
        replay.postings(event, data, "postings", Side.POSTED, 1);
    }

    private void postings(StoredEvent event, JsonObject data, String field, Side side, int sign) {
        if (!(data.getValue(field) instanceof JsonArray postings)) {
            throw new IllegalArgumentException("data." + field + " is not an array");
        }
        for (int i = 0; i < postings.size(); i++) {
            if (!(postings.getValue(i) instanceof JsonObject posting)
                    || !(posting.getValue("account_id") instanceof String id)
                    || !(posting.getValue("amount") instanceof String amount)
                    || !(posting.getValue("direction") instanceof String direction)
                    || !direction.equals("debit") && !direction.equals("credit")) {
                throw new IllegalArgumentException("data." + field + "[" + i + "] has no account_id, direction and amount");
            }
            UUID accountId;
            BigDecimal value;
            try {
                accountId = UUID.fromString(id);
                value = new BigDecimal(amount);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("data." + field + "[" + i + "] has an unreadable account_id or amount");
            }
            Totals totals = accounts.computeIfAbsent(accountId,
                    key -> new Totals(posting.getValue("account_code") instanceof String code ? code : null));
            BigDecimal signed = sign > 0 ? value : value.negate();
            boolean debit = direction.equals("debit");
            if (side == Side.POSTED) {
                if (debit) {
                    totals.debits = totals.debits.add(signed);
                } else {
                    totals.credits = totals.credits.add(signed);
                }
                if (value.signum() > 0) {
                    totals.version++;
                }
            } else if (debit) {
                totals.pendingDebits = totals.pendingDebits.add(signed);
            } else {
                totals.pendingCredits = totals.pendingCredits.add(signed);
            }
            totals.lastSequence = event.sequence();
            totals.lastEventId = event.id();
        }
    }
}
