package io.laas.local.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;

import io.smallrye.jwt.build.Jwt;

/**
 * Access tokens for service tests, built with smallrye-jwt's {@link Jwt} and signed RS256 with a fixed
 * test-only key pair whose public half is on the classpath at {@link #PUBLIC_KEY_LOCATION}. The claims
 * are those of the tokens IAM issues (RFC 9068 profile plus the tenant claims of docs/architecture.md).
 * The key pair protects nothing.
 */
public final class TestTokens {

    public static final String ISSUER = "https://issuer.laas.test";
    public static final String AUDIENCE = "laas-api";
    public static final String KEY_ID = "laas-test";
    public static final String PUBLIC_KEY_LOCATION = "META-INF/laas/test-public-key.pem";
    private static final String PRIVATE_KEY_LOCATION = "META-INF/laas/test-private-key.pem";

    private TestTokens() {
    }

    public static String token(Collection<UUID> ledgers, String... scopes) {
        return builder().ledgers(ledgers).scopes(scopes).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The public JWK set that verifies every token of this class. */
    public static String jwksJson() {
        RsaJsonWebKey key = new RsaJsonWebKey(publicKey());
        key.setKeyId(KEY_ID);
        key.setUse("sig");
        key.setAlgorithm("RS256");
        return new JsonWebKeySet(key).toJson();
    }

    public static RSAPublicKey publicKey() {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(pem(PUBLIC_KEY_LOCATION)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey privateKey() {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pem(PRIVATE_KEY_LOCATION)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] pem(String location) {
        try (InputStream in = TestTokens.class.getClassLoader().getResourceAsStream(location)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + location);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "")
                    .replaceAll("\\s", "");
            return Base64.getDecoder().decode(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static final class Builder {
        private final List<String> ledgers = new ArrayList<>();
        private final List<String> scopes = new ArrayList<>();
        private String issuer = ISSUER;
        private String audience = AUDIENCE;
        private String clientId = "test-client";
        private UUID orgId = UUID.fromString("00000000-0000-0000-0000-00000000aaaa");
        private UUID projectId = UUID.fromString("00000000-0000-0000-0000-00000000bbbb");
        private Duration expiresIn = Duration.ofMinutes(10);
        private String keyId = KEY_ID;
        private String type = "at+jwt";
        private final java.util.Map<String, Object> extraClaims = new java.util.LinkedHashMap<>();

        public Builder ledgers(Collection<UUID> ids) {
            ids.forEach(id -> ledgers.add(id.toString()));
            return this;
        }

        public Builder ledgers(UUID... ids) {
            return ledgers(List.of(ids));
        }

        public Builder scopes(String... values) {
            scopes.addAll(List.of(values));
            return this;
        }

        public Builder issuer(String value) {
            issuer = value;
            return this;
        }

        public Builder audience(String value) {
            audience = value;
            return this;
        }

        public Builder clientId(String value) {
            clientId = value;
            return this;
        }

        public Builder orgId(UUID value) {
            orgId = value;
            return this;
        }

        public Builder projectId(UUID value) {
            projectId = value;
            return this;
        }

        /** A negative duration yields an already expired token. */
        public Builder expiresIn(Duration value) {
            expiresIn = value;
            return this;
        }

        public Builder keyId(String value) {
            keyId = value;
            return this;
        }

        /** The header {@code typ}; null keeps the builder's default ({@code JWT}). */
        public Builder type(String value) {
            type = value;
            return this;
        }

        /** Any further claim (a map becomes a JSON object). */
        public Builder claim(String name, Object value) {
            extraClaims.put(name, value);
            return this;
        }

        public String build() {
            Instant now = Instant.now();
            var claims = Jwt.issuer(issuer);
            extraClaims.forEach(claims::claim);
            var jws = claims
                    .subject(clientId)
                    .audience(audience)
                    .issuedAt(now)
                    .expiresAt(now.plus(expiresIn))
                    .claim("jti", UUID.randomUUID().toString())
                    .claim("client_id", clientId)
                    .claim("scope", String.join(" ", scopes))
                    .claim("org_id", orgId.toString())
                    .claim("project_id", projectId.toString())
                    .claim("ledgers", List.copyOf(ledgers))
                    .jws()
                    .keyId(keyId);
            if (type != null) {
                jws.header("typ", type);
            }
            return jws.sign(privateKey());
        }
    }
}
