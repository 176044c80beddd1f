package io.laas.iam.crypto;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** Format of API keys: {@code sk_test_} or {@code sk_live_} followed by at least 32 characters. */
public final class ApiKeys {

    public static final int PREFIX_LENGTH = 12;
    private static final Pattern FORMAT = Pattern.compile("^sk_(test|live)_[A-Za-z0-9_-]{32,}$");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    /** True for anything that claims to be an API key (so it is never taken for an OAuth client id). */
    public static boolean looksLikeApiKey(String value) {
        return value != null && (value.startsWith("sk_test_") || value.startsWith("sk_live_"));
    }

    public static boolean isWellFormed(String key) {
        return key != null && FORMAT.matcher(key).matches();
    }

    /** The visible part of a key, e.g. {@code sk_test_1234}; it is the key's OAuth2 client_id. */
    public static String prefix(String key) {
        return key.substring(0, PREFIX_LENGTH);
    }

    /** A new key with 256 bits of randomness. */
    public static String generate(boolean live) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return (live ? "sk_live_" : "sk_test_") + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
