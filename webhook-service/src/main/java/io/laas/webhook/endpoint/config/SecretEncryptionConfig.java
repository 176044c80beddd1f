package io.laas.webhook.endpoint.config;

import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Encryption of the endpoints' signing secrets at rest ({@code laas.webhook.secret-encryption-*}). */
@ConfigMapping(prefix = "laas.webhook")
public interface SecretEncryptionConfig {

    /**
     * Secret from which the AES-256-GCM key that encrypts the endpoints' signing secrets is derived; env
     * {@code LAAS_WEBHOOK_SECRET_ENCRYPTION_KEY}. No production default: the service does not start without it.
     */
    String secretEncryptionKey();

    /**
     * Version of {@link #secretEncryptionKey()}, recorded with every secret encrypted under it; env
     * {@code LAAS_WEBHOOK_SECRET_ENCRYPTION_KEY_VERSION}.
     */
    @WithDefault("1")
    int secretEncryptionKeyVersion();

    /**
     * Earlier keys by version ({@code laas.webhook.secret-encryption-previous-keys.<version>}, env
     * {@code LAAS_WEBHOOK_SECRET_ENCRYPTION_PREVIOUS_KEYS_<version>}): secrets encrypted under them still open,
     * and are re-encrypted under the current key at start.
     */
    Map<Integer, String> secretEncryptionPreviousKeys();
}
