package io.laas.webhook.endpoint;

/**
 * An endpoint's signing secret as stored: AES-256-GCM {@code ciphertext} under version {@code keyVersion} of the
 * secret-encryption key, or, for a row written before secrets were encrypted and not encrypted yet, the
 * {@code plaintext} (start-up encrypts such rows).
 */
public record StoredSecret(byte[] ciphertext, Integer keyVersion, String plaintext) {
}
