package io.laas.iam.token.service;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.iam.config.IssuerConfig;
import io.laas.iam.keys.service.SigningKeyService;
import io.laas.token.AccessTokenRules;
import io.laas.token.RejectedTokenException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Reads an access token IAM issued, for revocation and introspection: the header rules of every verifier, a
 * signature by one of IAM's published (and verified) keys, this issuer and audience. Whether it has expired or
 * been revoked is the caller's business. Anything else is not one of IAM's tokens: empty.
 */
@ApplicationScoped
public class AccessTokenReader {

    private final SigningKeyService keys;
    private final AccessTokenRules rules;
    private final IssuerConfig issuer;

    public AccessTokenReader(SigningKeyService keys, AccessTokenRules rules, IssuerConfig issuer) {
        this.keys = keys;
        this.rules = rules;
        this.issuer = issuer;
    }

    /** The claims of a token IAM signed, or empty. */
    public Uni<Optional<JsonObject>> claims(String token) {
        JsonObject header;
        try {
            rules.checkHeader(token);
            header = decode(token.substring(0, token.indexOf('.')));
        } catch (RejectedTokenException | IllegalArgumentException e) {
            return Uni.createFrom().item(Optional.empty());
        }
        return keys.verificationKey(header.getString("kid"))
                .map(key -> key.filter(publicKey -> signatureMatches(token, publicKey))
                        .flatMap(publicKey -> claimsOf(token)));
    }

    private Optional<JsonObject> claimsOf(String token) {
        try {
            String[] parts = token.split("\\.");
            JsonObject claims = decode(parts[1]);
            Object aud = claims.getValue("aud");
            boolean audience = aud instanceof String single ? single.equals(issuer.audience())
                    : aud instanceof JsonArray many && many.contains(issuer.audience());
            return issuer.issuer().equals(claims.getString("iss")) && audience && claims.getValue("exp") instanceof Number
                    && claims.getValue("jti") instanceof String ? Optional.of(claims) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean signatureMatches(String token, RSAPublicKey key) {
        int last = token.lastIndexOf('.');
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(key);
            signature.update(token.substring(0, last).getBytes(StandardCharsets.US_ASCII));
            return signature.verify(Base64.getUrlDecoder().decode(token.substring(last + 1)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static JsonObject decode(String part) {
        try {
            return new JsonObject(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a JSON object");
        }
    }
}
