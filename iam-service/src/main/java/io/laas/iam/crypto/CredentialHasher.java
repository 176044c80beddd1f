package io.laas.iam.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.laas.iam.config.IamConfig;

/**
 * Stores API keys and client secrets as base64 HMAC-SHA256 under the server secret: a database leak
 * alone does not reveal usable credentials, and a lookup by hash stays an index scan.
 */
@ApplicationScoped
public class CredentialHasher {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public CredentialHasher(IamConfig config) {
        String secret = config.apiKeySecret();
        if (secret == null || secret.length() < 16) {
            throw new IllegalStateException("laas.iam.api-key-secret must be at least 16 characters long");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    public String hash(String credential) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return Base64.getEncoder().encodeToString(mac.doFinal(credential.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** Constant-time comparison of a presented credential with a stored hash. */
    public boolean matches(String credential, String storedHash) {
        byte[] presented = hash(credential).getBytes(StandardCharsets.US_ASCII);
        byte[] stored = storedHash == null ? new byte[0] : storedHash.getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(presented, stored);
    }
}
