package io.laas.projector.account;

import java.util.UUID;

/** An account of the read model as postings name it: by id, or by code within its ledger. */
public record AccountRef(UUID id, UUID ledgerId, String code) {
}
