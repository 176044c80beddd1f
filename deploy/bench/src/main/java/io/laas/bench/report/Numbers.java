package io.laas.bench.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** How figures are written in the report: the same way everywhere. */
public final class Numbers {

    private Numbers() {
    }

    /** Few digits, no trailing zeros: 0.0042, 0.42, 3.1, 25, 1,234. */
    public static String decimal(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "—";
        }
        double magnitude = Math.abs(value);
        if (magnitude > 0 && magnitude < 1) {
            // two significant digits, so that a small ratio never shows as 0
            return new BigDecimal(value).round(new MathContext(2)).stripTrailingZeros().toPlainString();
        }
        String text = magnitude >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
                : magnitude >= 10 ? String.format(Locale.ROOT, "%.1f", value)
                : String.format(Locale.ROOT, "%.2f", value);
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }

    /** A whole number with thousands separators: 12,345. */
    public static String whole(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "—";
        }
        return String.format(Locale.ROOT, "%,.0f", value);
    }
}
