package io.laas.web.security;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The format of API keys, shared by IAM (which issues and verifies them) and the gateway (which refuses a
 * mistyped key before asking IAM).
 * <p>
 * A key issued today is {@code sk_live_} or {@code sk_test_}, the version marker {@code k1}, 30 random
 * base62 characters (178 bits) and a 6-character base62 checksum: the CRC-32 of everything before it. A
 * typo changes the checksum, so it is refused without a lookup. The checksum is no secret: it only catches
 * mistakes.
 * <p>
 * Keys made before checksums ({@code sk_test_} or {@code sk_live_} followed by 32 to 200 characters of
 * {@code [A-Za-z0-9_-]}, such as the local stack's demo key) keep working. A key whose body starts with the
 * marker {@code k1} is always read as a checksummed key.
 */
public final class ApiKeyFormat {

    public static final String TEST = "sk_test_";
    public static final String LIVE = "sk_live_";
    /** Marks a checksummed key, right after {@code sk_test_} / {@code sk_live_}. */
    public static final String VERSION = "k1";
    /** The visible start of any key: {@code sk_test_} plus 4 characters. */
    public static final int PREFIX_LENGTH = 12;
    public static final int RANDOM_LENGTH = 30;
    public static final int CHECKSUM_LENGTH = 6;
    /** Length of a checksummed key. */
    public static final int LENGTH = TEST.length() + VERSION.length() + RANDOM_LENGTH + CHECKSUM_LENGTH;

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final Pattern CHECKSUMMED = Pattern.compile("sk_(test|live)_" + VERSION + "[0-9A-Za-z]{"
            + (RANDOM_LENGTH + CHECKSUM_LENGTH) + "}");
    private static final Pattern LEGACY = Pattern.compile("sk_(test|live)_[A-Za-z0-9_-]{32,200}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyFormat() {
    }

    /** True for anything that claims to be an API key (so it is never taken for an OAuth client id or a JWT). */
    public static boolean looksLikeApiKey(String value) {
        return value != null && (value.startsWith(TEST) || value.startsWith(LIVE));
    }

    /** Whether the key claims the checksummed format (whether or not its checksum is right). */
    public static boolean isChecksummed(String key) {
        return looksLikeApiKey(key) && key.startsWith(VERSION, TEST.length());
    }

    /**
     * Whether the key may exist: a checksummed key of the right length whose checksum matches, or a key
     * made before checksums. Computed from the key alone; says nothing about whether it was ever issued.
     */
    public static boolean isWellFormed(String key) {
        if (key == null) {
            return false;
        }
        if (isChecksummed(key)) {
            return CHECKSUMMED.matcher(key).matches()
                    && checksum(key.substring(0, key.length() - CHECKSUM_LENGTH))
                            .equals(key.substring(key.length() - CHECKSUM_LENGTH));
        }
        return LEGACY.matcher(key).matches();
    }

    /** The visible start of a key, e.g. {@code sk_test_k1Ab}: shown to people, and the key's client_id at IAM. */
    public static String prefix(String key) {
        return key.substring(0, PREFIX_LENGTH);
    }

    /** The last four characters of a key, shown to people next to its prefix. */
    public static String lastFour(String key) {
        return key.substring(key.length() - 4);
    }

    /** A new checksummed key. */
    public static String generate(boolean live) {
        StringBuilder key = new StringBuilder(LENGTH).append(live ? LIVE : TEST).append(VERSION);
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            key.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
        }
        return key.append(checksum(key.toString())).toString();
    }

    /** CRC-32 of the text in 6 base62 digits (62^6 > 2^32), most significant first. */
    static String checksum(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] digits = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            digits[i] = BASE62.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(digits);
    }
}
