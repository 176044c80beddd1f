package io.laas.web.info;

import java.math.BigInteger;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;

/** Flyway migration versions ({@code 5}, {@code 5.1}, {@code 10}), compared part by part as numbers, as Flyway does. */
public final class MigrationVersions {

    private static final Pattern SEPARATOR = Pattern.compile("[._]");

    /** Orders {@code 9 < 10} and {@code 5 < 5.1 < 6}; a missing part counts as 0. */
    public static final Comparator<String> ORDER = MigrationVersions::compare;

    private MigrationVersions() {
    }

    /** The highest of the versions, or empty when there are none. */
    public static Optional<String> latest(Collection<String> versions) {
        return versions.stream().max(ORDER);
    }

    private static int compare(String left, String right) {
        String[] a = SEPARATOR.split(left.strip());
        String[] b = SEPARATOR.split(right.strip());
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            BigInteger x = i < a.length ? new BigInteger(a[i]) : BigInteger.ZERO;
            BigInteger y = i < b.length ? new BigInteger(b[i]) : BigInteger.ZERO;
            int order = x.compareTo(y);
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }
}
