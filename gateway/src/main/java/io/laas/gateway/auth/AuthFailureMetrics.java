package io.laas.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;

/**
 * {@code laas_gateway_auth_failures_total{reason}}: requests the gateway refused because their credential did not
 * authenticate, by reason. Every reason is registered at start, so a rate is defined before the first failure.
 * Requests refused for too many failures are counted apart ({@code laas_gateway_auth_failures_throttled_total}).
 */
@ApplicationScoped
public class AuthFailureMetrics {

    public enum Reason {
        /** an API route without any credential */
        MISSING,
        /** an API key that is malformed, fails its checksum or that IAM does not exchange (unknown, revoked, expired) */
        API_KEY_REFUSED,
        /** a bearer token that is not an access token of ours (not a JWT, wrong type or algorithm) */
        TOKEN_MALFORMED,
        /** an access token whose expiry has passed */
        TOKEN_EXPIRED,
        /** an access token that does not verify: signature, issuer, audience, lifetime */
        TOKEN_INVALID,
        /** an access token that is valid but revoked, or whose subject's credentials were revoked */
        TOKEN_REVOKED,
        /** a console session cookie IAM does not know (signed out, expired) */
        SESSION_REFUSED,
        /** an OAuth2 client that failed to authenticate at the token, revocation or introspection endpoint */
        CLIENT_REFUSED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<Reason, Counter> failures = new EnumMap<>(Reason.class);

    public AuthFailureMetrics(MeterRegistry registry) {
        for (Reason reason : Reason.values()) {
            failures.put(reason, Counter.builder("laas.gateway.auth.failures")
                    .description("Requests refused because their credential did not authenticate, by reason")
                    .tag("reason", reason.label())
                    .register(registry));
        }
    }

    public void failed(Reason reason) {
        failures.get(reason).increment();
    }

    /** A token quarkus-oidc refused: expired when its {@code exp} has passed, otherwise invalid. */
    void tokenRefused(String jwt) {
        failed(hasExpired(jwt) ? Reason.TOKEN_EXPIRED : Reason.TOKEN_INVALID);
    }

    static boolean hasExpired(String jwt) {
        int first = jwt.indexOf('.');
        int second = first < 0 ? -1 : jwt.indexOf('.', first + 1);
        if (second < 0) {
            return false;
        }
        try {
            JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.substring(first + 1, second)),
                    StandardCharsets.UTF_8));
            Object exp = claims.getValue("exp");
            return exp instanceof Number seconds && seconds.longValue() * 1000 < System.currentTimeMillis();
        } catch (RuntimeException unreadable) {
            return false;
        }
    }
}
