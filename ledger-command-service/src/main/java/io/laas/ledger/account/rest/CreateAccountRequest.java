package io.laas.ledger.account.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.JsonNode;

public record CreateAccountRequest(
        @NotNull(message = "is required")
        @Pattern(regexp = "[A-Za-z0-9_.:-]{1,64}", message = "must be 1-64 characters of A-Z a-z 0-9 _ . : -")
        String code,
        @NotBlank(message = "is required")
        @Size(max = 255, message = "must be at most 255 characters")
        String name,
        @NotNull(message = "is required")
        @Pattern(regexp = "asset|liability|equity|revenue|expense",
                message = "must be one of asset, liability, equity, revenue, expense")
        String type,
        @Pattern(regexp = "[A-Z][A-Z0-9]{1,15}",
                message = "must be an ISO 4217 code such as USD or a declared asset code (2-16 characters of A-Z 0-9, starting with a letter)")
        String currency,
        @Pattern(regexp = "debit|credit", message = "must be debit or credit")
        String normalBalance,
        @Pattern(regexp = "[A-Za-z0-9_.:-]{1,64}", message = "must be 1-64 characters of A-Z a-z 0-9 _ . : -")
        String parentCode,
        LimitsRequest limits,
        JsonNode metadata) {
}
