package io.laas.ledger.account;

import java.math.BigDecimal;

/**
 * The lowest and highest balance an account may reach in its normal direction, each {@code null} when
 * unbounded: a wallet that must never go negative has {@code min = 0}; a credit line of 500 on a
 * credit-normal wallet has {@code min = -500}.
 */
public record BalanceLimits(BigDecimal min, BigDecimal max) {

    public static final BalanceLimits NONE = new BalanceLimits(null, null);
}
