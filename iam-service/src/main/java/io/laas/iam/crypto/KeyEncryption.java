package io.laas.iam.crypto;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.iam.config.IamConfig;
import io.laas.web.crypto.VersionedEncryption;
import io.laas.web.crypto.VersionedEncryption.Sealed;

/**
 * Private signing keys at rest: AES-256-GCM ({@link VersionedEncryption}) under a key derived from
 * {@code laas.iam.signing-key-secret}, versioned by {@code laas.iam.signing-key-secret-version}, with
 * {@code laas.iam.signing-key-previous-secrets.<version>} still opening what they sealed. The key id is bound as
 * associated data so a ciphertext cannot be moved to another row.
 */
@ApplicationScoped
public class KeyEncryption {

    // The derivation of version 1 is the one used before versions existed: keys stored then still open.
    private static final String LABEL = "laas-iam-signing-key:";

    private final VersionedEncryption encryption;

    public KeyEncryption(IamConfig config) {
        this.encryption = new VersionedEncryption("laas.iam.signing-key-secret", LABEL, config.signingKeySecretVersion(),
                config.signingKeySecret(), config.signingKeyPreviousSecrets());
    }

    public int currentVersion() {
        return encryption.currentVersion();
    }

    public List<Integer> previousVersions() {
        return encryption.previousVersions();
    }

    /** Whether a key stored under {@code version} can be opened at all (current or previous). */
    public boolean isConfigured(int version) {
        return encryption.versions().contains(version);
    }

    public Sealed encrypt(byte[] pkcs8, String kid) {
        return encryption.seal(pkcs8, kid);
    }

    /** @throws VersionedEncryption.NotOpened when the row does not open under its version's secret */
    public byte[] decrypt(int version, byte[] stored, String kid) {
        return encryption.open(version, stored, kid);
    }

    /** The private key re-encrypted under the current secret, or empty when it already is. */
    public Optional<Sealed> reencrypted(int version, byte[] stored, String kid) {
        return encryption.resealed(version, stored, kid);
    }
}
