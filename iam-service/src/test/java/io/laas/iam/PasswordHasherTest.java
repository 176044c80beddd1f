package io.laas.iam;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.junit.jupiter.api.Test;

import io.laas.iam.crypto.PasswordHasher;
import io.laas.iam.people.PasswordPolicy;

class PasswordHasherTest {

    private static final PasswordHasher OWASP = new PasswordHasher(19456, 2, 1);

    @Test
    void newHashesAreArgon2idPhcStringsWithTheOwaspParameters() {
        String hash = OWASP.hash("correct horse battery staple");

        assertTrue(hash.matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"), hash);
        assertTrue(OWASP.verify("correct horse battery staple", hash));
        assertFalse(OWASP.verify("correct horse battery stapler", hash));
        assertNotEquals(hash, OWASP.hash("correct horse battery staple"), "a salt of its own each time");
        assertFalse(OWASP.needsRehash(hash));
    }

    @Test
    void legacyPbkdf2HashesVerifyAndAskToBeRehashed() throws Exception {
        byte[] salt = "0123456789abcdef".getBytes();
        byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec("old password".toCharArray(), salt, 1000, 256)).getEncoded();
        String legacy = "pbkdf2-sha256$1000$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(derived);

        assertTrue(OWASP.verify("old password", legacy));
        assertFalse(OWASP.verify("old passwore", legacy));
        assertTrue(OWASP.needsRehash(legacy));
    }

    @Test
    void weakerArgon2ParametersAskToBeRehashedAndForgedOnesDoNotVerify() {
        PasswordHasher cheap = new PasswordHasher(1024, 1, 1);
        String weak = cheap.hash("correct horse battery staple");

        assertTrue(OWASP.verify("correct horse battery staple", weak), "stored parameters are used to verify");
        assertTrue(OWASP.needsRehash(weak));
        assertFalse(OWASP.verify("x", "$argon2id$v=19$m=99999999,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$"
                + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), "a row asking for 95 GiB is refused, not computed");
        assertFalse(OWASP.verify("x", "not a hash"));
        assertFalse(OWASP.verify("x", null));
    }

    @Test
    void passwordPolicyRefusesShortCommonOrEmailPasswords() {
        assertTrue(PasswordPolicy.violation("short", "a@b.test").orElseThrow().contains("at least 12"));
        assertTrue(PasswordPolicy.violation("alice@example.test", "Alice@Example.test").orElseThrow().contains("email"));
        assertTrue(PasswordPolicy.violation("alice.wonder1", "alice.wonder1@example.test").orElseThrow().contains("email"));
        assertTrue(PasswordPolicy.violation("Password1234", "a@b.test").orElseThrow().contains("common"));
        assertTrue(PasswordPolicy.violation("zzzzzzzzzzzzzz", "a@b.test").orElseThrow().contains("repeated"));
        assertTrue(PasswordPolicy.violation("x".repeat(200) + "y".repeat(57), "a@b.test").orElseThrow().contains("at most"));
        assertTrue(PasswordPolicy.violation("correct horse battery staple", "a@b.test").isEmpty());
    }
}
