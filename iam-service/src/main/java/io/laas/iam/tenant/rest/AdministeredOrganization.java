package io.laas.iam.tenant.rest;

import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.laas.web.problem.ProblemException;
import io.laas.web.security.LedgerAccess;

/**
 * The organisation an {@code iam:admin} token administers: the one of its {@code org_id} claim. A token
 * without a valid one administers nothing and is answered 403.
 */
public final class AdministeredOrganization {

    private AdministeredOrganization() {
    }

    public static UUID of(JsonWebToken token) {
        Object claim = token == null ? null : token.getClaim(LedgerAccess.ORG_CLAIM);
        String value = claim instanceof jakarta.json.JsonString s ? s.getString() : claim == null ? null : claim.toString();
        try {
            if (value != null) {
                return UUID.fromString(value);
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new ProblemException(403, "FORBIDDEN", "Forbidden", "This token names no organisation to administer.");
    }
}
