package io.laas.ledger.verification;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.laas.ledger.event.StoredEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Replays the events that move posted balances into each account's debits and credits, as the write model
 * keeps them ({@code accounts.debits}, {@code accounts.credits}). Which event types move balances, and how, is
 * the table {@link #EFFECTS}, after docs/events.md: the postings of {@code transaction.posted},
 * {@code transaction.reversed} and {@code transaction.committed} move them; a pending transaction holds and a
 * void releases, neither moves them. Holds, once the write model keeps them, are one more entry. Memory is
 * one entry per account moved, whatever the number of events.
 */
public final class BalanceReplay {

    /** What an event of one type does to the totals. */
    @FunctionalInterface
    interface Effect {
        void apply(BalanceReplay replay, StoredEvent event, JsonObject data);
    }

    private static final Map<String, Effect> EFFECTS = Map.of(
            "transaction.posted", BalanceReplay::postings,
            "transaction.reversed", BalanceReplay::postings,
            "transaction.committed", BalanceReplay::postings);

    /** An account's replayed totals, and the last event that moved them. */
    public static final class Totals {
        private final String code;
        private BigDecimal debits = BigDecimal.ZERO;
        private BigDecimal credits = BigDecimal.ZERO;
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

    private void postings(StoredEvent event, JsonObject data) {
        if (!(data.getValue("postings") instanceof JsonArray postings)) {
            throw new IllegalArgumentException("data.postings is not an array");
        }
        for (int i = 0; i < postings.size(); i++) {
            if (!(postings.getValue(i) instanceof JsonObject posting)
                    || !(posting.getValue("account_id") instanceof String id)
                    || !(posting.getValue("amount") instanceof String amount)
                    || !(posting.getValue("direction") instanceof String direction)
                    || !direction.equals("debit") && !direction.equals("credit")) {
                throw new IllegalArgumentException("data.postings[" + i + "] has no account_id, direction and amount");
            }
            UUID accountId;
            BigDecimal value;
            try {
                accountId = UUID.fromString(id);
                value = new BigDecimal(amount);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("data.postings[" + i + "] has an unreadable account_id or amount");
            }
            Totals totals = accounts.computeIfAbsent(accountId,
                    key -> new Totals(posting.getValue("account_code") instanceof String code ? code : null));
            if (direction.equals("debit")) {
                totals.debits = totals.debits.add(value);
            } else {
                totals.credits = totals.credits.add(value);
            }
            totals.lastSequence = event.sequence();
            totals.lastEventId = event.id();
        }
    }
}
