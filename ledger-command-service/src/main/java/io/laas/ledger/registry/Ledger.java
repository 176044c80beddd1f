package io.laas.ledger.registry;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;

import io.laas.ledger.transaction.Money;
import io.laas.web.problem.ProblemException;

/**
 * This service's copy of a ledger of the IAM registry, with the ledger's last event sequence and the
 * assets it declared ({@code assets}: code to scale). {@code currency} is the ledger's default currency.
 */
public record Ledger(UUID id, UUID orgId, UUID projectId, String code, String name, String currency,
        Map<String, Integer> assets, long lastSequence, OffsetDateTime createdAt) {

    /** The code of the problem {@link #unknownCurrencies} makes. */
    public static final String UNKNOWN_CURRENCY = "UNKNOWN_CURRENCY";

    public Ledger {
        assets = Map.copyOf(assets);
    }

    /**
     * Digits after the decimal point that amounts in {@code currency} may carry in this ledger: a declared
     * asset's scale, an ISO 4217 currency's minor units, or empty when the ledger does not know the code.
     */
    public OptionalInt scaleOf(String currency) {
        Integer declared = assets.get(currency);
        if (declared != null) {
            return OptionalInt.of(declared);
        }
        OptionalInt iso = Money.isoScale(currency);
        if (iso.isPresent() || !currency.equals(this.currency)) {
            return iso;
        }
        return OptionalInt.of(Money.FALLBACK_SCALE);
    }

    /** The 422 for codes this ledger does not know ({@link #scaleOf} is empty for each). */
    public ProblemException unknownCurrencies(Collection<String> codes) {
        return ProblemException.unprocessable(UNKNOWN_CURRENCY,
                "Ledger " + id + " knows no currency or asset " + String.join(", ", codes)
                        + ": use an ISO 4217 currency, or declare the asset first (PUT /v1/ledgers/" + id
                        + "/assets/{code}).",
                Map.of("currencies", List.copyOf(codes)));
    }
}
