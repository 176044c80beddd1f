package io.laas.events.chain;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS) of a JSON value held as Vert.x JSON ({@link JsonObject},
 * {@link JsonArray}, maps, lists, strings, numbers, booleans, {@code null}): no whitespace, object members
 * sorted by the UTF-16 code units of their names, strings escaped as ECMAScript's {@code JSON.stringify}
 * escapes them, numbers in ECMAScript's {@code Number.prototype.toString} form of their IEEE 754 double.
 * <p>
 * The value a number stands for is its double, as in the RFC, whatever Java type holds it: a client's
 * metadata may carry {@code 1.50} or {@code 12345678901234567890}, and the stored envelope, read back from
 * {@code jsonb}, must canonicalize to the same text as the one that was hashed. Types without a JSON meaning
 * of their own ({@code Float}, {@code Instant}, byte arrays…) are refused, as are NaN and the infinities.
 */
public final class CanonicalJson {

    /** 2^53: every integer up to it in magnitude is a double exactly, printed with all its digits. */
    private static final long EXACT_INTEGER = 1L << 53;

    private CanonicalJson() {
    }

    public static String canonicalize(Object value) {
        StringBuilder out = new StringBuilder(256);
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String text) {
            string(out, text);
        } else if (value instanceof Boolean bool) {
            out.append(bool.booleanValue());
        } else if (value instanceof Number number) {
            out.append(number(number));
        } else if (value instanceof JsonObject object) {
            object(out, object.getMap());
        } else if (value instanceof Map<?, ?> map) {
            object(out, map);
        } else if (value instanceof JsonArray array) {
            array(out, array.getList());
        } else if (value instanceof List<?> list) {
            array(out, list);
        } else {
            throw new IllegalArgumentException("JSON canonicalization has no form for a " + value.getClass().getName());
        }
    }

    private static void object(StringBuilder out, Map<?, ?> members) {
        String[] names = new String[members.size()];
        int i = 0;
        for (Object name : members.keySet()) {
            names[i++] = (String) name;
        }
        // String#compareTo compares UTF-16 code units, which is the order RFC 8785 prescribes
        java.util.Arrays.sort(names);
        out.append('{');
        for (i = 0; i < names.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            string(out, names[i]);
            out.append(':');
            write(out, members.get(names[i]));
        }
        out.append('}');
    }

    private static void array(StringBuilder out, List<?> items) {
        out.append('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            write(out, items.get(i));
        }
        out.append(']');
    }

    /** ECMAScript's QuoteJSONString: the two-character escapes, other controls as lowercase \\u00xx, the rest as is. */
    private static void string(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** The JCS form of a number: that of the double it stands for (public for the tests of the form). */
    public static String number(Number number) {
        if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte) {
            long value = number.longValue();
            return value >= -EXACT_INTEGER && value <= EXACT_INTEGER ? Long.toString(value) : number((double) value);
        }
        if (number instanceof BigInteger integer) {
            return integer.bitLength() <= 53 ? integer.toString() : number(integer.doubleValue());
        }
        if (number instanceof BigDecimal decimal) {
            return number(decimal.doubleValue());
        }
        if (number instanceof Double dbl) {
            return number(dbl.doubleValue());
        }
        throw new IllegalArgumentException("JSON canonicalization has no form for a " + number.getClass().getName()
                + " (its JSON text is not the double it holds)");
    }

    /** ECMAScript's Number::toString (ECMA-262 §6.1.6.1.20), which RFC 8785 §3.2.2.3 prescribes. */
    public static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("JSON has no number " + value);
        }
        if (value == 0) {
            return "0"; // and -0 too
        }
        if (value < 0) {
            return "-" + number(-value);
        }
        if (value < EXACT_INTEGER && value == Math.rint(value)) {
            return Long.toString((long) value);
        }
        BigDecimal shortest = shortest(value);
        String digits = shortest.unscaledValue().toString();
        int k = digits.length();
        int n = k - shortest.scale(); // value = digits × 10^(n - k)
        if (k <= n && n <= 21) {
            return digits + "0".repeat(n - k);
        }
        if (0 < n && n <= 21) {
            return digits.substring(0, n) + "." + digits.substring(n);
        }
        if (-6 < n && n <= 0) {
            return "0." + "0".repeat(-n) + digits;
        }
        String exponent = "e" + (n - 1 < 0 ? "-" : "+") + Math.abs(n - 1);
        return k == 1 ? digits + exponent : digits.charAt(0) + "." + digits.substring(1) + exponent;
    }

    /**
     * The decimal with the fewest significant digits that reads back as {@code value}, the closest to it
     * when several have that many (and the even one on a tie), without trailing zeros. Only the two
     * neighbours of the exact value at each precision can be the closest, so both are tried.
     */
    private static BigDecimal shortest(double value) {
        BigDecimal exact = new BigDecimal(value);
        for (int precision = 1; precision <= 17; precision++) {
            BigDecimal below = exact.round(new MathContext(precision, RoundingMode.FLOOR));
            BigDecimal above = exact.round(new MathContext(precision, RoundingMode.CEILING));
            boolean belowReads = below.doubleValue() == value;
            boolean aboveReads = above.doubleValue() == value;
            if (belowReads && aboveReads && below.compareTo(above) != 0) {
                int closer = exact.subtract(below).compareTo(above.subtract(exact));
                boolean belowEven = !below.unscaledValue().testBit(0);
                return (closer < 0 || closer == 0 && belowEven ? below : above).stripTrailingZeros();
            }
            if (belowReads) {
                return below.stripTrailingZeros();
            }
            if (aboveReads) {
                return above.stripTrailingZeros();
            }
        }
        throw new IllegalStateException("no 17-digit decimal reads back as " + value);
    }
}
