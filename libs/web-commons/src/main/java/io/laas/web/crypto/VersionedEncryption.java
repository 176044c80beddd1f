package io.laas.web.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM at rest under a versioned key-encryption key: the one way secrets are encrypted in this code base
 * (IAM's private signing keys, the webhook service's endpoint secrets).
 * <p>
 * Each version's key is SHA-256 of {@code label + secret}; the label keeps keys of different purposes apart even
 * under the same secret. New values are sealed under the current version; values sealed under a previous version
 * still open, so that an operator can add a new secret as current, keep the old one as previous, re-encrypt the
 * rows (their owner does it in place) and then remove the old one. The stored form is
 * {@code nonce(12) || ciphertext || tag(16)}; its version is stored next to it (a column), and the caller binds the
 * row's identity as associated data so that a ciphertext cannot be moved to another row.
 */
public final class VersionedEncryption {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    /** A value sealed under key-encryption key {@code version}. */
    public record Sealed(int version, byte[] ciphertext) {
    }

    /** The value does not open: unknown (removed) version, another secret, another row, or altered bytes. */
    public static final class NotOpened extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotOpened(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final String setting;
    private final int currentVersion;
    private final Map<Integer, SecretKeySpec> keys;

    /**
     * @param setting the setting of the current secret, named in errors (never the secret itself)
     * @param label what the key is for, hashed in front of every secret
     * @param previousSecrets secrets of earlier versions, by version, that still open what they sealed
     */
    public VersionedEncryption(String setting, String label, int currentVersion, String currentSecret,
            Map<Integer, String> previousSecrets) {
        this.setting = setting;
        SecretVersions versions = new SecretVersions(setting, currentVersion, currentSecret, previousSecrets);
        this.currentVersion = versions.currentVersion();
        this.keys = versions.keys(secret -> derive(label, secret));
    }

    public int currentVersion() {
        return currentVersion;
    }

    /** Every version that opens, newest first. */
    public List<Integer> versions() {
        return List.copyOf(keys.keySet());
    }

    /** The versions other than the current one: rows under them are to be re-encrypted. */
    public List<Integer> previousVersions() {
        return keys.keySet().stream().filter(version -> version != currentVersion).toList();
    }

    public Sealed seal(byte[] plaintext, String associatedData) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentVersion), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            return new Sealed(currentVersion,
                    ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available", e);
        }
    }

    /** @throws NotOpened when the value does not open under its version's key for this associated data */
    public byte[] open(int version, byte[] ciphertext, String associatedData) {
        SecretKeySpec key = keys.get(version);
        if (key == null) {
            throw new NotOpened("Sealed under version " + version + " of " + setting
                    + ", which is not configured (current or previous)", null);
        }
        if (ciphertext == null || ciphertext.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new NotOpened("Not a sealed value", null);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, ciphertext, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(ciphertext, NONCE_BYTES, ciphertext.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new NotOpened("Does not open under version " + version + " of " + setting, e);
        }
    }

    /** The value re-sealed under the current version, or empty when it already is (nothing to write). */
    public Optional<Sealed> resealed(int version, byte[] ciphertext, String associatedData) {
        if (version == currentVersion) {
            return Optional.empty();
        }
        byte[] plaintext = open(version, ciphertext, associatedData);
        try {
            return Optional.of(seal(plaintext, associatedData));
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private static SecretKeySpec derive(String label, String secret) {
        try {
            byte[] key = MessageDigest.getInstance("SHA-256").digest((label + secret).getBytes(StandardCharsets.UTF_8));
            return new SecretKeySpec(key, "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
