package io.laas.projector.account;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

import io.laas.projector.projection.LedgerEvent.AccountUpdated;

/**
 * What one batch changes in an account, written in one statement for all accounts: amounts added to its
 * posted and pending totals, its version ({@code versionSet}, the last version an event named, or the
 * current one when {@code null}, plus {@code versionAdded} for the postings after it that named none), its
 * new state ({@code state}, {@code null} when no {@code account.updated} came; a {@code null} component stays
 * as it is), and the sequence and time of the last event that touched it.
 */
public record AccountChange(UUID id, BigDecimal debits, BigDecimal credits, BigDecimal pendingDebits,
        BigDecimal pendingCredits, Long versionSet, long versionAdded, AccountUpdated state, long lastSequence,
        OffsetDateTime updatedAt) {
}
