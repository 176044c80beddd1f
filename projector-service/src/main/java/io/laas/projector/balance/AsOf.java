package io.laas.projector.balance;

import java.time.OffsetDateTime;

/** A point of an account's history to read its balances at: the entries at or before {@code at} on {@code basis}. */
public record AsOf(OffsetDateTime at, Basis basis) {
}
