package io.laas.ledger.account.rest;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.JsonNode;

/** The body of {@code PATCH /v1/ledgers/{ledger_id}/accounts/{code}}: only the fields given change. */
public record UpdateAccountRequest(
        @Size(min = 1, max = 255, message = "must be 1-255 characters")
        @Pattern(regexp = ".*\\S.*", message = "must not be blank")
        String name,
        @Pattern(regexp = "open|frozen|closed", message = "must be one of open, frozen, closed")
        String status,
        LimitsRequest limits,
        JsonNode metadata) {
}
