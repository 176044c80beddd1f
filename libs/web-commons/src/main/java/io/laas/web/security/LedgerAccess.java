package io.laas.web.security;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.laas.web.problem.ProblemException;

/**
 * Per-ledger authorisation: a token lists the ledgers it may use in its {@code ledgers} claim. Any
 * other ledger is answered 404, exactly as a ledger that does not exist, so a credential cannot
 * probe other tenants.
 */
public final class LedgerAccess {

    public static final String LEDGERS_CLAIM = "ledgers";
    public static final String ORG_CLAIM = "org_id";
    public static final String PROJECT_CLAIM = "project_id";

    private LedgerAccess() {
    }

    public static Set<UUID> grantedLedgers(JsonWebToken token) {
        Object claim = token == null ? null : token.getClaim(LEDGERS_CLAIM);
        if (claim == null) {
            return Set.of();
        }
        Collection<?> values = claim instanceof Collection<?> c ? c : claim instanceof jakarta.json.JsonArray a
                ? a.stream().map(v -> v instanceof jakarta.json.JsonString s ? s.getString() : v.toString()).toList()
                : List.of(claim);
        return values.stream()
                .map(v -> v instanceof jakarta.json.JsonString s ? s.getString() : String.valueOf(v))
                .map(LedgerAccess::parse)
                .filter(java.util.Objects::nonNull)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Returns the ledger id when the token grants it; otherwise fails with 404 LEDGER_NOT_FOUND. */
    public static UUID require(JsonWebToken token, String ledgerId) {
        UUID id = parse(ledgerId);
        if (id == null || !grantedLedgers(token).contains(id)) {
            throw ProblemException.notFound("LEDGER_NOT_FOUND", "Ledger " + ledgerId + " was not found.");
        }
        return id;
    }

    private static UUID parse(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
