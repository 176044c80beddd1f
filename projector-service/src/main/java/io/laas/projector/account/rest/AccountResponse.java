package io.laas.projector.account.rest;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.laas.projector.account.Account;
import io.laas.projector.common.Amounts;

/** An account with its balance in its normal direction; amounts are decimal strings at the currency's scale. */
public record AccountResponse(UUID id, String code, String name, String type, String currency, String balance,
        String debits, String credits, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    public static AccountResponse of(Account account) {
        String currency = account.currency();
        Integer scale = account.scale();
        return new AccountResponse(account.id(), account.code(), account.name(), account.type(), currency,
                Amounts.format(account.balance(), currency, scale), Amounts.format(account.debits(), currency, scale),
                Amounts.format(account.credits(), currency, scale), account.createdAt(), account.updatedAt());
    }
}
