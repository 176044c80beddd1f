package io.laas.projector.common;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/** Renders amounts as decimal strings with exactly the currency's minor-unit scale ("100.00"). */
public final class Amounts {

    private Amounts() {
    }

    public static String format(BigDecimal amount, String currency) {
        int scale = scale(currency);
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
