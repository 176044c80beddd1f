package io.laas.iam.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;

import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.laas.iam.config.IamConfig;

/**
 * AES-256-GCM for private signing keys at rest. The stored form is {@code nonce(12) || ciphertext || tag};
 * the key id is bound as associated data so a ciphertext cannot be moved to another row.
 */
@ApplicationScoped
public class KeyEncryption {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;

    public KeyEncryption(IamConfig config) {
        String secret = config.signingKeySecret();
        if (secret == null || secret.length() < 16) {
            throw new IllegalStateException("laas.iam.signing-key-secret must be at least 16 characters long");
        }
        try {
            byte[] derived = MessageDigest.getInstance("SHA-256")
                    .digest(("laas-iam-signing-key:" + secret).getBytes(StandardCharsets.UTF_8));
            this.key = new SecretKeySpec(derived, "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    public byte[] encrypt(byte[] plaintext, String kid) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt the signing key", e);
        }
    }

    public byte[] decrypt(byte[] stored, String kid) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot decrypt signing key " + kid
                    + ": is laas.iam.signing-key-secret the one it was encrypted with?", e);
        }
    }
}
