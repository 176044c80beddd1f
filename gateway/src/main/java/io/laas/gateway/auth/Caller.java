package io.laas.gateway.auth;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import io.laas.gateway.ratelimit.Allowance;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who sent an API request, read once from a verified access token: everything the gateway needs to rate
 * limit, authorise and forward it, so that nothing is parsed again per request.
 *
 * @param clientId the token's {@code client_id} (its {@code sub} when absent): the rate limit key
 * @param scopes the token's scopes
 * @param ledgers the ledgers of the token's {@code ledgers} claim
 * @param accessToken the verified JWT, forwarded to the services (which verify it again)
 * @param expiresAt the token's {@code exp}
 * @param subject the token's {@code sub}, {@code issuedAt} its {@code iat} (epoch seconds) and {@code tokenId} its
 *        {@code jti}: what a revocation names
 * @param orgId the token's {@code org_id} (the organisation's shared rate limit bucket), or null
 * @param clientLimit the organisation's override of each credential's bucket ({@code limits} claim), or null
 * @param organizationLimit the organisation's override of its shared bucket ({@code limits} claim), or null
 */
public record Caller(String clientId, Set<String> scopes, Set<UUID> ledgers, String accessToken, Instant expiresAt,
        String subject, long issuedAt, String tokenId, String orgId, Allowance clientLimit, Allowance organizationLimit) {

    /** The {@link SecurityIdentity} attribute that holds the caller. */
    public static final String ATTRIBUTE = Caller.class.getName();

    public Caller {
        scopes = Set.copyOf(scopes);
        ledgers = Set.copyOf(ledgers);
    }


    /** The caller of an identity authenticated by the gateway, or null for any other (anonymous) identity. */
    public static Caller of(SecurityIdentity identity) {
        return identity == null ? null : identity.getAttribute(ATTRIBUTE);
    }
}
