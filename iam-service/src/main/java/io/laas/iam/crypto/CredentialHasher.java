package io.laas.iam.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.laas.iam.config.IamConfig;
import io.laas.web.crypto.SecretVersions;

/**
 * Stores API keys and client secrets as base64 HMAC-SHA256 under the server secret: a database leak
 * alone does not reveal usable credentials, and a lookup by hash stays an index scan.
 * <p>
 * The secret is versioned ({@code laas.iam.api-key-secret} with {@code laas.iam.api-key-secret-version}, and
 * {@code laas.iam.api-key-previous-secrets.<version>}): new hashes are made under the current version and
 * stored with it; a credential still hashed under a previous version verifies, and its caller rehashes it
 * under the current one. A version that is no longer configured verifies nothing.
 */
@ApplicationScoped
public class CredentialHasher {

    private static final String ALGORITHM = "HmacSHA256";
    private static final String SETTING = "laas.iam.api-key-secret";

    /** A hash and the version of the secret it was made under. */
    public record Hashed(int version, String hash) {
    }

    private final int currentVersion;
    /** newest version first, the current one whatever its number first of all */
    private final Map<Integer, SecretKeySpec> keys;

    @Inject
    public CredentialHasher(IamConfig config) {
        this(config.apiKeySecretVersion(), config.apiKeySecret(), config.apiKeyPreviousSecrets());
    }

    public CredentialHasher(int currentVersion, String currentSecret, Map<Integer, String> previousSecrets) {
        SecretVersions versions = new SecretVersions(SETTING, currentVersion, currentSecret, previousSecrets);
        this.currentVersion = versions.currentVersion();
        this.keys = versions.keys(secret -> new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
    }

    public int currentVersion() {
        return currentVersion;
    }

    /** The versions that verify, newest first. */
    public List<Integer> versions() {
        return List.copyOf(keys.keySet());
    }

    /** The hash to store, under the current version. */
    public Hashed hash(String credential) {
        return new Hashed(currentVersion, hmac(keys.get(currentVersion), credential));
    }

    /**
     * The credential's hash under every configured version, the current one first: a lookup by
     * {@code hash = ANY(...)} finds it whichever version it is stored under.
     */
    public List<Hashed> hashesUnderEveryVersion(String credential) {
        List<Hashed> hashes = new ArrayList<>(keys.size());
        hashes.add(hash(credential));
        keys.forEach((version, key) -> {
            if (version != currentVersion) {
                hashes.add(new Hashed(version, hmac(key, credential)));
            }
        });
        return hashes;
    }

    /**
     * Constant-time comparison of a presented credential with a hash stored under {@code version}; false when
     * that version is not configured (one HMAC is computed all the same).
     */
    public boolean matches(String credential, String storedHash, int version) {
        SecretKeySpec key = keys.get(version);
        byte[] presented = hmac(key == null ? keys.get(currentVersion) : key, credential).getBytes(StandardCharsets.US_ASCII);
        byte[] stored = storedHash == null ? new byte[0] : storedHash.getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(presented, stored) && key != null;
    }

    private static String hmac(SecretKeySpec key, String credential) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return Base64.getEncoder().encodeToString(mac.doFinal(credential.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
