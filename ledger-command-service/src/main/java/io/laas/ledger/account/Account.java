package io.laas.ledger.account;

import java.time.OffsetDateTime;
import java.util.UUID;

/** An account of the write model (balances are kept as running debit and credit totals). */
public record Account(UUID id, UUID ledgerId, String code, String name, AccountType type, String currency,
        OffsetDateTime createdAt) {
}
