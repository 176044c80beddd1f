package io.laas.local.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
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

/**
 * Access tokens for service tests, signed RS256 with a fixed test-only key pair whose public half is
 * on the classpath at {@link #PUBLIC_KEY_LOCATION}. The claims follow the tokens IAM issues (RFC 9068
 * profile plus the tenant claims of docs/architecture.md). The key pair protects nothing.
 */
public final class TestTokens {

    public static final String ISSUER = "https://issuer.laas.test";
    public static final String AUDIENCE = "laas-api";
    public static final String KEY_ID = "laas-test";
    public static final String PUBLIC_KEY_LOCATION = "META-INF/laas/test-public-key.pem";
    private static final String PRIVATE_KEY_LOCATION = "META-INF/laas/test-private-key.pem";

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

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
        RSAPublicKey key = publicKey();
        return "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + KEY_ID + "\",\"n\":\""
                + unsigned(key.getModulus()) + "\",\"e\":\"" + unsigned(key.getPublicExponent()) + "\"}]}";
    }

    public static RSAPublicKey publicKey() {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(pem(PUBLIC_KEY_LOCATION)));
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

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return B64URL.encodeToString(bytes);
    }

    private static String json(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    public static final class Builder {
        private final List<UUID> ledgers = new ArrayList<>();
        private final List<String> scopes = new ArrayList<>();
        private String issuer = ISSUER;
        private String audience = AUDIENCE;
        private String clientId = "test-client";
        private UUID orgId = UUID.fromString("00000000-0000-0000-0000-00000000aaaa");
        private UUID projectId = UUID.fromString("00000000-0000-0000-0000-00000000bbbb");
        private Duration expiresIn = Duration.ofMinutes(10);
        private String keyId = KEY_ID;

        public Builder ledgers(Collection<UUID> ids) {
            ledgers.addAll(ids);
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

        public String build() {
            long now = Instant.now().getEpochSecond();
            String header = "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":" + json(keyId) + "}";
            String payload = "{\"iss\":" + json(issuer)
                    + ",\"sub\":" + json(clientId)
                    + ",\"aud\":" + json(audience)
                    + ",\"iat\":" + now
                    + ",\"exp\":" + (now + expiresIn.toSeconds())
                    + ",\"jti\":" + json(UUID.randomUUID().toString())
                    + ",\"client_id\":" + json(clientId)
                    + ",\"scope\":" + json(String.join(" ", scopes))
                    + ",\"org_id\":" + json(orgId.toString())
                    + ",\"project_id\":" + json(projectId.toString())
                    + ",\"ledgers\":[" + String.join(",", ledgers.stream().map(id -> json(id.toString())).toList())
                    + "]}";
            String signingInput = B64URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                    + B64URL.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
            try {
                Signature signature = Signature.getInstance("SHA256withRSA");
                signature.initSign(privateKey());
                signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
                return signingInput + "." + B64URL.encodeToString(signature.sign());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
