package io.laas.projector.account.rest;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.laas.projector.account.Account;
import io.laas.projector.common.Amounts;

/**
 * An account; amounts are decimal strings at its currency's scale. {@code balance}, {@code debits} and
 * {@code credits} are posted amounts, as before holds existed; {@code balances} adds what pending transactions
 * hold and what is available. {@code version} counts the postings that moved the account.
 */
public record AccountResponse(UUID id, String code, String name, String type, String normalBalance,
        String currency, UUID parentId, String parentCode, String status, String balance, String debits,
        String credits, Balances balances, Limits limits, JsonNode metadata, long version, OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    /**
     * {@code posted}: the posted balance in the normal direction (= {@code balance}); {@code pendingDebits},
     * {@code pendingCredits}: what pending transactions hold; {@code available}: the posted balance less the
     * held amounts that would lower it.
     */
    public record Balances(String posted, String pendingDebits, String pendingCredits, String available) {
    }

    /** Bounds of the balance; {@code null} = unbounded. */
    public record Limits(String minBalance, String maxBalance) {
    }

    public static AccountResponse of(Account account, JsonNode metadata) {
        String currency = account.currency();
        Integer scale = account.scale();
        String balance = Amounts.format(account.balance(), currency, scale);
        return new AccountResponse(account.id(), account.code(), account.name(), account.type(),
                account.normalBalance(), currency, account.parentId(), account.parentCode(), account.status(), balance,
                Amounts.format(account.debits(), currency, scale), Amounts.format(account.credits(), currency, scale),
                new Balances(balance, Amounts.format(account.pendingDebits(), currency, scale),
                        Amounts.format(account.pendingCredits(), currency, scale),
                        Amounts.format(account.availableBalance(), currency, scale)),
                new Limits(account.minBalance() == null ? null : Amounts.format(account.minBalance(), currency, scale),
                        account.maxBalance() == null ? null : Amounts.format(account.maxBalance(), currency, scale)),
                metadata, account.version(), account.createdAt(), account.updatedAt());
    }
}
