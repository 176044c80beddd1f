package io.laas.ledger.transaction;

import java.math.BigDecimal;
import java.util.UUID;

/** A posting as the event that created its transaction recorded it. */
public record RecordedPosting(UUID accountId, String accountCode, Direction direction, String currency,
        BigDecimal amount) {
}
