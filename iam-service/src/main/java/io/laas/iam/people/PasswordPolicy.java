package io.laas.iam.people;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a new password must be (NIST SP 800-63B: length over composition rules, and no well-known
 * password): 12 to 256 characters, not the account's email (nor its part before the {@code @}), not one
 * character repeated, and not on a short list of the passwords most often tried.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 12;
    /** Argon2 takes any length; the bound keeps a request from making the server hash megabytes. */
    public static final int MAX_LENGTH = 256;

    private static final Set<String> COMMON = Set.of("password1234", "password12345", "password123456",
            "passwordpassword", "123456789012", "1234567890123", "12345678901234", "qwertyuiopas", "qwerty123456",
            "qwertyqwerty", "1q2w3e4r5t6y", "letmein12345", "iloveyou1234", "administrator", "changeme1234",
            "welcome12345", "abcdefghijkl", "abc123abc123", "monkey123456", "football1234", "baseball1234",
            "aaaaaaaaaaaa", "superman1234", "trustno11234", "p@ssw0rd1234", "passw0rd1234");

    private PasswordPolicy() {
    }

    /** Why the password is refused, or empty when it is acceptable. */
    public static Optional<String> violation(String password, String email) {
        if (password == null || password.length() < MIN_LENGTH) {
            return Optional.of("must be at least " + MIN_LENGTH + " characters long");
        }
        if (password.length() > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters long");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (email != null) {
            String address = email.strip().toLowerCase(Locale.ROOT);
            int at = address.indexOf('@');
            if (lower.equals(address) || at > 0 && lower.equals(address.substring(0, at))) {
                return Optional.of("must not be the email address");
            }
        }
        if (lower.chars().distinct().count() == 1) {
            return Optional.of("must not be one character repeated");
        }
        if (COMMON.contains(lower)) {
            return Optional.of("is too common");
        }
        return Optional.empty();
    }
}
