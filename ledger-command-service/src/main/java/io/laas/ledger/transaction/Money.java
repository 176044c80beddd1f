package io.laas.ledger.transaction;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/** Currency precision rules. Amounts are exact decimals at their currency's minor-unit scale. */
public final class Money {

    /** Scale for ISO 4217 codes that have no minor unit defined (e.g. XAU, XDR). */
    public static final int FALLBACK_SCALE = 8;
    /** The largest scale an asset may declare. */
    public static final int MAX_SCALE = 18;
    /** What a currency or asset code looks like: ISO 4217 (USD) or a declared asset (USDC, POINTS). */
    public static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9]{1,15}");

    private Money() {
    }

    /** The minor-unit scale of an ISO 4217 currency, or empty when the code is not one. */
    public static OptionalInt isoScale(String code) {
        if (code == null || code.length() != 3) {
            return OptionalInt.empty();
        }
        try {
            int digits = Currency.getInstance(code).getDefaultFractionDigits();
            return OptionalInt.of(digits < 0 ? FALLBACK_SCALE : digits);
        } catch (IllegalArgumentException e) {
            return OptionalInt.empty();
        }
    }

    /** The amount written with exactly {@code scale} decimals ({@code "100.00"}); it must not need rounding. */
    public static String format(BigDecimal amount, int scale) {
        return amount.setScale(scale).toPlainString();
    }
}
