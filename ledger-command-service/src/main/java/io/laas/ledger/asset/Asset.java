package io.laas.ledger.asset;

import java.time.OffsetDateTime;
import java.util.UUID;

/** An asset a ledger declared besides the ISO 4217 currencies: its code and the decimal places of its amounts. */
public record Asset(UUID ledgerId, String code, int scale, OffsetDateTime declaredAt) {
}
