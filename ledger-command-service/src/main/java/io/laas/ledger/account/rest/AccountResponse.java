package io.laas.ledger.account.rest;

import java.util.UUID;

import io.laas.ledger.account.Account;
import io.laas.ledger.event.LedgerEvent;

public record AccountResponse(UUID id, String code, String name, String type, String currency, String createdAt) {

    static AccountResponse of(Account account) {
        return new AccountResponse(account.id(), account.code(), account.name(), account.type().wire(),
                account.currency(), LedgerEvent.timestamp(account.createdAt()));
    }
}
