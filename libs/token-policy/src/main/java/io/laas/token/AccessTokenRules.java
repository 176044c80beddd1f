package io.laas.token;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * The rules every verifier applies to an access token besides its signature, issuer and audience (which
 * quarkus-oidc and smallrye-jwt check against IAM's JWKS):
 * <ul>
 * <li>header {@code typ} is {@code at+jwt} (RFC 9068 §4; {@code application/at+jwt} is the same type), so an
 * ID token or any other JWT signed by the same keys is never taken for an access token;</li>
 * <li>header {@code alg} is exactly {@code RS256}: {@code none}, HMAC (whose "secret" an attacker would take
 * from the public key) and every other algorithm are refused before any key is looked at;</li>
 * <li>the header carries a {@code kid} and no key material of its own ({@code jwk}, {@code jku}, {@code x5u},
 * {@code x5c}): keys come from IAM's JWKS only;</li>
 * <li>{@code exp} and {@code iat} are present, {@code exp} is not past and {@code iat} not ahead by more than
 * the clock skew, and {@code exp - iat} is at most the maximum token lifetime.</li>
 * </ul>
 */
@ApplicationScoped
public class AccessTokenRules {

    public static final String ALGORITHM = "RS256";
    private static final Set<String> TYPES = Set.of("at+jwt", "application/at+jwt");
    private static final Set<String> EMBEDDED_KEYS = Set.of("jwk", "jku", "x5u", "x5c");

    private final Duration clockSkew;
    private final Duration maxLifetime;

    @Inject
    public AccessTokenRules(TokenPolicyConfig config) {
        this(config.clockSkew(), config.maxLifetime());
    }

    public AccessTokenRules(Duration clockSkew, Duration maxLifetime) {
        this.clockSkew = clockSkew;
        this.maxLifetime = maxLifetime;
    }

    public Duration clockSkew() {
        return clockSkew;
    }

    public Duration maxLifetime() {
        return maxLifetime;
    }

    /** Checks the JOSE header of a compact JWS; throws {@link RejectedTokenException} when a rule fails. */
    public void checkHeader(String jwt) {
        int dot = jwt == null ? -1 : jwt.indexOf('.');
        if (dot <= 0 || jwt.indexOf('.', dot + 1) < 0) {
            throw new RejectedTokenException("not a compact JWS");
        }
        JsonObject header;
        try {
            header = new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.substring(0, dot)), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
            throw new RejectedTokenException("unreadable header");
        }
        Object alg = header.getValue("alg");
        if (!ALGORITHM.equals(alg)) {
            throw new RejectedTokenException("alg must be " + ALGORITHM + ", was " + alg);
        }
        Object typ = header.getValue("typ");
        if (!(typ instanceof String type) || !TYPES.contains(type.toLowerCase(java.util.Locale.ROOT))) {
            throw new RejectedTokenException("typ must be at+jwt, was " + typ);
        }
        if (!(header.getValue("kid") instanceof String kid) || kid.isEmpty()) {
            throw new RejectedTokenException("no kid");
        }
        for (String name : EMBEDDED_KEYS) {
            if (header.containsKey(name)) {
                throw new RejectedTokenException("header carries its own key (" + name + ")");
            }
        }
    }

    /**
     * Checks the lifetime claims of a verified token, in seconds since the epoch (0 = absent).
     */
    public void checkTimes(long issuedAt, long expiresAt, Instant now) {
        if (issuedAt <= 0 || expiresAt <= 0) {
            throw new RejectedTokenException("iat and exp are required");
        }
        long skew = clockSkew.toSeconds();
        long nowSeconds = now.getEpochSecond();
        if (nowSeconds >= expiresAt + skew) {
            throw new RejectedTokenException("expired");
        }
        if (issuedAt > nowSeconds + skew) {
            throw new RejectedTokenException("issued in the future");
        }
        if (expiresAt - issuedAt > maxLifetime.toSeconds()) {
            throw new RejectedTokenException("lifetime longer than " + maxLifetime);
        }
    }
}
