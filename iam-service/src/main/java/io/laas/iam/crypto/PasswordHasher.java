package io.laas.iam.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import io.laas.iam.config.IamConfig;

/**
 * Password hashes. New hashes are argon2id in the PHC string form
 * {@code $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<b64 salt>$<b64 hash>} (unpadded base64), with the
 * parameters of {@code laas.iam.password.*}. Hashes written before argon2id,
 * {@code pbkdf2-sha256$<iterations>$<base64 salt>$<base64 hash>}, still verify; {@link #needsRehash} tells
 * the caller to replace them (and argon2id hashes under weaker parameters) once the password is known.
 * CPU- and memory-heavy: never call it on the event loop ({@code PasswordWork} bounds the concurrency).
 */
@ApplicationScoped
public class PasswordHasher {

    private static final String ARGON2ID = "argon2id";
    private static final String PBKDF2 = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private final SecureRandom random = new SecureRandom();
    private final int memoryKib;
    private final int passes;
    private final int parallelism;

    @Inject
    public PasswordHasher(IamConfig config) {
        this(config.password().memoryKib(), config.password().iterations(), config.password().parallelism());
    }

    public PasswordHasher(int memoryKib, int passes, int parallelism) {
        if (memoryKib < 1024 || passes < 1 || parallelism < 1) {
            throw new IllegalStateException("laas.iam.password.* needs memory-kib >= 1024, iterations >= 1, parallelism >= 1");
        }
        this.memoryKib = memoryKib;
        this.passes = passes;
        this.parallelism = parallelism;
    }

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = argon2(password, salt, memoryKib, passes, parallelism, HASH_BYTES);
        return "$" + ARGON2ID + "$v=19$m=" + memoryKib + ",t=" + passes + ",p=" + parallelism + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    public boolean verify(String password, String stored) {
        if (stored == null || password == null) {
            return false;
        }
        try {
            if (stored.startsWith("$" + ARGON2ID + "$")) {
                Argon2Hash parsed = Argon2Hash.parse(stored);
                byte[] actual = argon2(password, parsed.salt(), parsed.memoryKib(), parsed.passes(), parsed.parallelism(),
                        parsed.hash().length);
                return MessageDigest.isEqual(parsed.hash(), actual);
            }
            if (stored.startsWith(PBKDF2 + "$")) {
                return verifyPbkdf2(password, stored);
            }
        } catch (IllegalArgumentException e) {
            return false;
        }
        return false;
    }

    /** Whether a hash that has just verified should be replaced by one under the current parameters. */
    public boolean needsRehash(String stored) {
        if (stored == null || !stored.startsWith("$" + ARGON2ID + "$")) {
            return true;
        }
        try {
            Argon2Hash parsed = Argon2Hash.parse(stored);
            return parsed.memoryKib() < memoryKib || parsed.passes() < passes || parsed.parallelism() != parallelism;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private static byte[] argon2(String password, byte[] salt, int memoryKib, int passes, int parallelism, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(passes)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        try {
            generator.generateBytes(secret, out);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        return out;
    }

    /** {@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}; bounds keep a crafted row from costing the server. */
    private record Argon2Hash(int memoryKib, int passes, int parallelism, byte[] salt, byte[] hash) {
        static Argon2Hash parse(String stored) {
            String[] parts = stored.split("\\$");
            if (parts.length != 6 || !"v=19".equals(parts[2])) {
                throw new IllegalArgumentException("not an argon2id v19 hash");
            }
            int m = -1;
            int t = -1;
            int p = -1;
            for (String param : parts[3].split(",")) {
                String[] kv = param.split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("bad parameter");
                }
                int value = Integer.parseInt(kv[1]);
                switch (kv[0]) {
                    case "m" -> m = value;
                    case "t" -> t = value;
                    case "p" -> p = value;
                    default -> throw new IllegalArgumentException("unknown parameter");
                }
            }
            if (m < 8 || m > 1 << 20 || t < 1 || t > 64 || p < 1 || p > 16) {
                throw new IllegalArgumentException("parameters out of bounds");
            }
            Base64.Decoder decoder = Base64.getDecoder();
            byte[] salt = decoder.decode(parts[4]);
            byte[] hash = decoder.decode(parts[5]);
            if (salt.length < 8 || hash.length < 16 || hash.length > 64) {
                throw new IllegalArgumentException("bad salt or hash length");
            }
            return new Argon2Hash(m, t, p, salt, hash);
        }
    }

    private static boolean verifyPbkdf2(String password, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4) {
            return false;
        }
        int iterations = Integer.parseInt(parts[1]);
        if (iterations < 1 || iterations > 10_000_000) {
            return false;
        }
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, expected.length * 8);
        try {
            byte[] actual = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return MessageDigest.isEqual(expected, actual);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        } finally {
            spec.clearPassword();
        }
    }
}
