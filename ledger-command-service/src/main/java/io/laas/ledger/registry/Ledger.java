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
 * {@code updatedAt} is the registry's time of its last change ({@code null} until one), {@code archivedAt}
 * when it was archived ({@code null} while it takes writes).
 */
public record Ledger(UUID id, UUID orgId, UUID projectId, String code, String name, String currency,
        Map<String, Integer> assets, long lastSequence, OffsetDateTime createdAt, OffsetDateTime updatedAt,
        OffsetDateTime archivedAt) {

    /** The code of the problem {@link #unknownCurrencies} makes. */
    public static final String UNKNOWN_CURRENCY = "UNKNOWN_CURRENCY";
    /** The code of the problem {@link #archived(UUID, OffsetDateTime)} makes. */
    public static final String LEDGER_ARCHIVED = "LEDGER_ARCHIVED";

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

    public boolean archived() {
        return archivedAt != null;
    }

    /** The 409 that refuses a write to a ledger archived at {@code archivedAt}. */
    public static ProblemException archived(UUID id, OffsetDateTime archivedAt) {
        return ProblemException.conflict(LEDGER_ARCHIVED, "Ledger " + id + " was archived at " + archivedAt.toInstant()
                + "; an archived ledger takes no more writes, and can still be read.",
                Map.of("archived_at", archivedAt.toInstant().toString()));
    }

    /** The 404 for a ledger this service does not know and IAM does not either. */
    public static ProblemException notFound(UUID id) {
        return ProblemException.notFound("LEDGER_NOT_FOUND", "Ledger " + id + " was not found.");
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
