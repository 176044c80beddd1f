package io.laas.ledger.transaction;

import java.math.BigDecimal;
import java.util.Currency;

/** Currency precision rules. Amounts are exact decimals at the currency's minor-unit scale. */
public final class Money {

    /** Scale for codes that ISO 4217 does not know or gives no minor unit (e.g. XAU). */
    public static final int FALLBACK_SCALE = 8;

    private Money() {
    }

    public static int scaleOf(String currency) {
        try {
            int digits = Currency.getInstance(currency).getDefaultFractionDigits();
            return digits < 0 ? FALLBACK_SCALE : digits;
        } catch (IllegalArgumentException | NullPointerException e) {
            return FALLBACK_SCALE;
        }
    }

    /** The amount written with exactly {@code scale} decimals ({@code "100.00"}); it must not need rounding. */
    public static String format(BigDecimal amount, int scale) {
        return amount.setScale(scale).toPlainString();
    }
}
