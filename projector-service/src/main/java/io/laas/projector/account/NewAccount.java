package io.laas.projector.account;

import java.util.UUID;

import io.laas.projector.projection.LedgerEvent.AccountCreated;

/** An {@code account.created} event ready to be projected, at its ledger sequence. */
public record NewAccount(UUID ledgerId, long sequence, AccountCreated data) {
}
