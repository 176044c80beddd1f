package io.laas.ledger.transaction.service;

import java.util.UUID;

import io.vertx.core.json.JsonObject;

/** The answer to a posting request: either just committed or replayed from the idempotency record. */
public record PostingResult(int status, JsonObject body, UUID transactionId, boolean replayed) {
}
