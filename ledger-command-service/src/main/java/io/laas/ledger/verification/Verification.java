package io.laas.ledger.verification;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The outcome of verifying a ledger's history: how many events were checked, the last sequence and hash that
 * verified (the genesis hash and 0 for a ledger without events), and the first thing that did not match.
 */
@RegisterForReflection
public record Verification(UUID ledgerId, boolean verified, long eventsChecked, long lastSequence, String lastHash,
        Mismatch firstMismatch) {

    public static final String HASH = "hash";
    public static final String SEQUENCE_GAP = "sequence_gap";
    public static final String BALANCE = "balance";

    /**
     * What did not match, and where: the sequence (for a balance, the last event that moved the account, if
     * any), the event, the kind ({@code hash}, {@code sequence_gap}, {@code balance}), what the replay expected
     * and what was stored ({@code null}: nothing was). A balance names the account and which total
     * ({@code debits}, {@code credits}, {@code pending_debits}, {@code pending_credits} or {@code version}).
     */
    @RegisterForReflection
    public record Mismatch(Long sequence, UUID eventId, String kind, String expected, String actual,
            @JsonInclude(JsonInclude.Include.NON_NULL) String accountCode,
            @JsonInclude(JsonInclude.Include.NON_NULL) String field) {
    }
}
