package io.laas.projector.common;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/** Renders amounts as decimal strings with exactly the currency's minor-unit scale ("100.00"). */
public final class Amounts {

    private Amounts() {
    }

    public static String format(BigDecimal amount, String currency) {
        return format(amount, scale(currency));
    }

    /** With the scale the ledger gave the currency (a declared asset's), or the ISO one when {@code null}. */
    public static String format(BigDecimal amount, String currency, Integer scale) {
        return format(amount, scale != null ? scale : scale(currency));
    }

    /**
     * An amount of a posting: with the ISO scale of its currency, else (a declared asset, whose scale the
     * posting does not carry) with the scale of the amount {@code posted}, which the event gave exactly.
     */
    public static String format(BigDecimal amount, String currency, BigDecimal posted) {
        int iso = scale(currency);
        return format(amount, iso >= 0 ? iso : posted.scale());
    }

    private static String format(BigDecimal amount, int scale) {
        if (scale < 0) {
            return amount.toPlainString();
        }
        try {
            return amount.setScale(scale, RoundingMode.UNNECESSARY).toPlainString();
        } catch (ArithmeticException e) {
            // More precision than the currency has: show it rather than round money away.
            return amount.stripTrailingZeros().toPlainString();
        }
    }

    static int scale(String currency) {
        try {
            return Currency.getInstance(currency).getDefaultFractionDigits();
        } catch (IllegalArgumentException | NullPointerException e) {
            return -1;
        }
    }
}
