package io.laas.webhook.endpoint.service;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.web.crypto.VersionedEncryption;
import io.laas.web.crypto.VersionedEncryption.Sealed;
import io.laas.webhook.endpoint.StoredSecret;
import io.laas.webhook.endpoint.config.SecretEncryptionConfig;

/**
 * Seals the endpoints' signing secrets for storage and opens them to sign a delivery: AES-256-GCM
 * ({@link VersionedEncryption}) under the versioned {@code laas.webhook.secret-encryption-key}, bound to the
 * endpoint id so that a sealed secret cannot be moved to another endpoint. Opening one costs a few microseconds
 * (the keys are derived once, at start), well below signing the delivery and sending it, so nothing is cached.
 */
@ApplicationScoped
public class EndpointSecrets {

    private static final String LABEL = "laas-webhook-endpoint-secret:";

    private final VersionedEncryption encryption;

    public EndpointSecrets(SecretEncryptionConfig config) {
        this.encryption = new VersionedEncryption("laas.webhook.secret-encryption-key", LABEL,
                config.secretEncryptionKeyVersion(), config.secretEncryptionKey(), config.secretEncryptionPreviousKeys());
    }

    public int currentVersion() {
        return encryption.currentVersion();
    }

    public Sealed seal(UUID endpointId, String secret) {
        return encryption.seal(secret.getBytes(StandardCharsets.UTF_8), endpointId.toString());
    }

    /** @throws VersionedEncryption.NotOpened when the stored secret does not open (unknown version, altered row) */
    public String open(UUID endpointId, StoredSecret stored) {
        if (stored.ciphertext() == null) {
            return stored.plaintext();
        }
        return new String(encryption.open(stored.keyVersion(), stored.ciphertext(), endpointId.toString()),
                StandardCharsets.UTF_8);
    }

    /**
     * The secret sealed under the current key, or empty when it already is: a plaintext secret is sealed, one
     * under a previous key re-sealed.
     */
    public Optional<Sealed> resealed(UUID endpointId, StoredSecret stored) {
        if (stored.ciphertext() == null) {
            return Optional.of(seal(endpointId, stored.plaintext()));
        }
        return encryption.resealed(stored.keyVersion(), stored.ciphertext(), endpointId.toString());
    }
}
