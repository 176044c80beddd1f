package io.laas.ledger.asset.rest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** The body of {@code PUT /v1/ledgers/{ledger_id}/assets/{code}}. */
public record DeclareAssetRequest(
        @NotNull(message = "is required")
        @Min(value = 0, message = "must be between 0 and 18")
        @Max(value = 18, message = "must be between 0 and 18")
        Integer scale) {
}
