package io.laas.gateway.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.UUID;

import io.laas.local.testing.TestTokens;

/** Test tokens with a fresh client id each (so rate limit buckets are never shared between tests). */
public final class Tokens {

    private Tokens() {
    }

    public static String forLedgers(java.util.Collection<UUID> ledgers, String... scopes) {
        return builder().ledgers(ledgers).scopes(scopes).build();
    }

    public static TestTokens.Builder builder() {
        return TestTokens.builder().clientId("client-" + UUID.randomUUID());
    }

    /** The same header and claims, signed by a key IAM never published (same kid). */
    public static String resignedWithForeignKey(String token) {
        String signingInput = token.substring(0, token.lastIndexOf('.'));
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(generator.generateKeyPair().getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The claims of a JWT, decoded without verification. */
    public static io.vertx.core.json.JsonObject claims(String jwt) {
        return new io.vertx.core.json.JsonObject(
                new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }
}
