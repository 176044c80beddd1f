package io.laas.ledger.account.rest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code {"min_balance": "0.00", "max_balance": null}}: decimal strings bounding the balance in the
 * account's normal direction. In a {@code PATCH}, a bound left out is kept and a {@code null} one removed.
 */
public record LimitsRequest(JsonNode minBalance, JsonNode maxBalance) {
}
