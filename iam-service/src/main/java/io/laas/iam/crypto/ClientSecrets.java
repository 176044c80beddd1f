package io.laas.iam.crypto;

import java.security.SecureRandom;

/** Generated OAuth2 client ids and secrets. */
public final class ClientSecrets {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClientSecrets() {
    }

    /** {@code lc_} and 20 base62 characters: unique, and never taken for an API key. */
    public static String clientId() {
        return "lc_" + base62(20);
    }

    /** {@code cs_} and 43 base62 characters: 256 bits of randomness. */
    public static String secret() {
        return "cs_" + base62(43);
    }

    private static String base62(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
        }
        return out.toString();
    }
}
