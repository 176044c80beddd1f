package io.laas.web.crypto;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A server secret that rotates: a current version and previous versions that still verify or open what they made.
 * Versions start at 1, each secret has at least {@value #MIN_LENGTH} characters, and no previous version may reuse
 * the current one's number. The one place these rules live for every rotating secret (the HMAC of stored
 * credentials, the key-encryption keys).
 */
public final class SecretVersions {

    public static final int MIN_LENGTH = 16;

    private final int currentVersion;
    /** newest version first */
    private final Map<Integer, String> secrets;

    /**
     * @param setting the setting of the current secret, named in errors (never the secret itself)
     * @param previousSecrets secrets of earlier versions, by version
     */
    public SecretVersions(String setting, int currentVersion, String currentSecret, Map<Integer, String> previousSecrets) {
        this.currentVersion = currentVersion;
        Map<Integer, String> byVersion = new TreeMap<>(Collections.reverseOrder());
        byVersion.put(currentVersion, checked(setting, currentVersion, currentSecret));
        previousSecrets.forEach((version, secret) -> {
            if (version == currentVersion) {
                throw new IllegalStateException("A previous secret of " + setting + " has the current version " + version
                        + ": give the current secret a new version");
            }
            byVersion.put(version, checked(setting, version, secret));
        });
        this.secrets = byVersion;
    }

    public int currentVersion() {
        return currentVersion;
    }

    /** Each version's key made from its secret, newest version first. */
    public <K> Map<Integer, K> keys(Function<String, K> key) {
        Map<Integer, K> keys = new TreeMap<>(Collections.reverseOrder());
        secrets.forEach((version, secret) -> keys.put(version, key.apply(secret)));
        return Collections.unmodifiableMap(keys);
    }

    /** Every version, newest first. */
    public List<Integer> versions() {
        return List.copyOf(secrets.keySet());
    }

    private static String checked(String setting, int version, String secret) {
        if (version < 1) {
            throw new IllegalStateException("Versions of " + setting + " start at 1, was " + version);
        }
        if (secret == null || secret.length() < MIN_LENGTH) {
            throw new IllegalStateException("Version " + version + " of " + setting + " must be at least " + MIN_LENGTH
                    + " characters long");
        }
        return secret;
    }
}
