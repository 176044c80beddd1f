package io.laas.ledger.account.rest;

import java.util.Map;
import java.util.UUID;

import io.laas.ledger.account.Account;
import io.laas.ledger.account.service.AccountService;
import io.laas.ledger.event.LedgerEvent;

/** The account as the write side holds it; balances are read from the projector. */
public record AccountResponse(UUID id, String code, String name, String type, String normalBalance, String currency,
        String parentCode, String status, Map<String, Object> limits, Map<String, Object> metadata, long version,
        String createdAt) {

    static AccountResponse of(Account account, long version) {
        return new AccountResponse(account.id(), account.code(), account.name(), account.type().wire(),
                account.normalBalance().wire(), account.currency(), account.parentCode(), account.status().wire(),
                AccountService.limits(account.limits()).getMap(), account.metadata().getMap(), version,
                LedgerEvent.timestamp(account.createdAt()));
    }
}
