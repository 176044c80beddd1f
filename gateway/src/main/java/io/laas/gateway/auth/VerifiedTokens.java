package io.laas.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.laas.gateway.config.GatewayConfig;
import io.laas.token.revocation.DenyList;
import io.laas.token.revocation.Revocation;
import io.laas.gateway.ratelimit.Allowance;
import io.laas.web.security.LedgerAccess;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Access tokens that quarkus-oidc has verified (signature, issuer, audience, expiry), keyed by the raw
 * token and kept until the token's own {@code exp}, never longer: a token seen again is not parsed and
 * its RS256 signature not checked again. Only successes are remembered; a token that fails is verified
 * again (and fails again) every time. A revocation on the {@link DenyList} drops the entries of the tokens it
 * names (the deny-list is also checked on every hit).
 * <p>
 * What is kept is a lean identity (the client id as principal, the scopes as roles, the {@link Caller} as
 * attribute) that holds nothing of the request that first presented the token.
 */
@ApplicationScoped
public class VerifiedTokens {

    private final Cache<String, SecurityIdentity> cache;
    private final Clock clock;

    @Inject
    public VerifiedTokens(GatewayConfig config, MeterRegistry metrics, DenyList denyList) {
        this(config.tokenCache().maxSize(), Clock.systemUTC());
        if (cache != null) {
            CaffeineCacheMetrics.monitor(metrics, cache, "laas_gateway_verified_tokens");
        }
        denyList.onRevocation(this::forget);
    }

    VerifiedTokens(int maxSize, Clock clock) {
        this.clock = clock;
        this.cache = maxSize <= 0 ? null : Caffeine.newBuilder()
                .maximumSize(maxSize)
                .expireAfter(Expiry.creating((String token, SecurityIdentity identity) -> untilExpiry(identity, clock)))
                .recordStats()
                .build();
    }

    /** The identity of a token verified before and not yet expired, or null. */
    public SecurityIdentity get(String token) {
        if (cache == null) {
            return null;
        }
        SecurityIdentity identity = cache.getIfPresent(token);
        // the cache drops expired entries on its own clock; the token's exp decides
        return identity != null && clock.instant().isBefore(Caller.of(identity).expiresAt()) ? identity : null;
    }

    /**
     * Turns an identity quarkus-oidc has just verified for {@code token} into the gateway's lean identity
     * and remembers it until the token expires.
     *
     * @return the lean identity, or the verified one unchanged when it is not a bearer token identity
     */
    public SecurityIdentity remember(String token, SecurityIdentity verified) {
        if (verified == null || verified.isAnonymous() || !(verified.getPrincipal() instanceof JsonWebToken jwt)
                || jwt.getRawToken() == null) {
            return verified;
        }
        JsonObject limits = jwt.getClaim("limits") instanceof JsonObject object ? object : null;
        Caller caller = new Caller(clientId(jwt), Set.copyOf(verified.getRoles()), LedgerAccess.grantedLedgers(jwt),
                jwt.getRawToken(), Instant.ofEpochSecond(jwt.getExpirationTime()), jwt.getSubject(), jwt.getIssuedAtTime(),
                jwt.getTokenID(), text(jwt.getClaim("org_id")),
                allowance(limits, "client_requests_per_second", "client_burst"),
                allowance(limits, "requests_per_second", "burst"));
        SecurityIdentity lean = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(caller.clientId()))
                .addRoles(caller.scopes())
                .addAttribute(Caller.ATTRIBUTE, caller)
                .build();
        if (cache != null && token.equals(caller.accessToken()) && clock.instant().isBefore(caller.expiresAt())) {
            cache.put(token, lean);
        }
        return lean;
    }

    /** Drops the tokens a revocation concerns (a scan: revocations are rare, verifications are not). */
    void forget(Revocation revocation) {
        if (cache != null) {
            cache.asMap().values().removeIf(identity -> concerns(revocation, Caller.of(identity)));
        }
    }

    static boolean concerns(Revocation revocation, Caller caller) {
        if (revocation instanceof Revocation.TokenRevoked token) {
            return token.jti().equals(caller.tokenId());
        }
        Revocation.SubjectRevoked subject = (Revocation.SubjectRevoked) revocation;
        return subject.subject().equals(caller.subject()) && caller.issuedAt() <= subject.revokedAt().getEpochSecond();
    }

    long size() {
        return cache == null ? 0 : cache.estimatedSize();
    }

    private static Duration untilExpiry(SecurityIdentity identity, Clock clock) {
        Duration left = Duration.between(clock.instant(), Caller.of(identity).expiresAt());
        return left.isNegative() ? Duration.ZERO : left;
    }

    /**
     * An organisation's override from the {@code limits} claim (both fields, positive), or null: a partial or
     * nonsensical override falls back to the configured default rather than failing the request.
     */
    private static Allowance allowance(JsonObject limits, String rateField, String burstField) {
        if (limits == null || !(limits.get(rateField) instanceof JsonNumber rate)
                || !(limits.get(burstField) instanceof JsonNumber burst)) {
            return null;
        }
        double requestsPerSecond = rate.doubleValue();
        long size = burst.longValue();
        return requestsPerSecond > 0 && size >= 1 && size <= Integer.MAX_VALUE
                ? new Allowance(requestsPerSecond, (int) size) : null;
    }

    private static String text(Object claim) {
        String value = claim instanceof jakarta.json.JsonString json ? json.getString() : claim == null ? null : claim.toString();
        return value == null || value.isBlank() ? null : value;
    }

    private static String clientId(JsonWebToken token) {
        Object clientId = token.getClaim("client_id");
        String value = clientId instanceof jakarta.json.JsonString json ? json.getString()
                : clientId == null ? null : clientId.toString();
        return value == null || value.isBlank() ? String.valueOf(token.getSubject()) : value;
    }
}
