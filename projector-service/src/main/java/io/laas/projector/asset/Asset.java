package io.laas.projector.asset;

import java.time.OffsetDateTime;
import java.util.UUID;

/** An asset a ledger declared besides the ISO 4217 currencies, as of the ledger sequence that declared it. */
public record Asset(UUID ledgerId, String code, int scale, long sequence, OffsetDateTime declaredAt) {
}
