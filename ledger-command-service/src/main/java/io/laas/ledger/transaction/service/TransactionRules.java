package io.laas.ledger.transaction.service;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.ledger.registry.Ledger;
import io.laas.ledger.transaction.CheckedTransaction;
import io.laas.ledger.transaction.Direction;
import io.laas.ledger.transaction.Money;
import io.laas.ledger.transaction.TransactionCommand;
import io.laas.ledger.transaction.TransactionCommand.PostingLine;
import io.laas.web.problem.ProblemException;

/**
 * The double-entry rules that need nothing but the request and the ledger's currencies, checked before a
 * transaction joins a batch so that a bad request never holds a ledger's lock: every currency is known
 * to the ledger (ISO 4217 or a declared asset), every amount is positive at its currency's scale, and
 * debits equal credits in each currency.
 */
@ApplicationScoped
public class TransactionRules {

    /**
     * Returns the transaction with every posting's currency resolved and its amount at that currency's
     * scale, or throws the 422 problem of the first rule it breaks.
     */
    public CheckedTransaction check(TransactionCommand command, Ledger ledger) {
        Set<String> unknown = unknownCurrencies(command, ledger);
        if (!unknown.isEmpty()) {
            throw ledger.unknownCurrencies(unknown);
        }
        String currency = transactionCurrency(command, ledger);
        List<Map<String, String>> invalid = new ArrayList<>();
        Map<String, BigDecimal[]> totals = new TreeMap<>();
        List<PostingLine> lines = command.postings();
        List<PostingLine> scaled = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            PostingLine line = lines.get(i);
            String lineCurrency = line.currency() != null ? line.currency() : currency;
            int scale = ledger.scaleOf(lineCurrency).getAsInt();
            BigDecimal amount = line.amount();
            if (amount.signum() <= 0) {
                invalid.add(error(i, "must be greater than zero"));
            } else if (amount.stripTrailingZeros().scale() > scale) {
                invalid.add(error(i, "has more than " + scale + " decimal places for " + lineCurrency));
            } else {
                scaled.add(line.withAmount(amount.setScale(scale), lineCurrency));
            }
            BigDecimal[] sums = totals.computeIfAbsent(lineCurrency, c -> new BigDecimal[] { BigDecimal.ZERO, BigDecimal.ZERO });
            int side = line.direction() == Direction.DEBIT ? 0 : 1;
            sums[side] = sums[side].add(amount);
        }
        if (!invalid.isEmpty()) {
            throw ProblemException.unprocessable("INVALID_AMOUNT",
                    "Amounts must be positive, with no more decimal places than their currency has.",
                    Map.of("errors", invalid));
        }
        checkBalanced(totals, code -> ledger.scaleOf(code).getAsInt());
        return new CheckedTransaction(command, currency, List.copyOf(scaled));
    }

    /**
     * Throws 422 {@code UNBALANCED_TRANSACTION} with the totals of each currency unless debits
     * ({@code sums[0]}) equal credits ({@code sums[1]}) in every one.
     */
    public static void checkBalanced(Map<String, BigDecimal[]> totals, java.util.function.ToIntFunction<String> scaleOf) {
        List<String> unbalanced = new ArrayList<>();
        List<Map<String, String>> perCurrency = new ArrayList<>();
        totals.forEach((code, sums) -> {
            int scale = scaleOf.applyAsInt(code);
            String debits = Money.format(sums[0], scale);
            String credits = Money.format(sums[1], scale);
            Map<String, String> total = new LinkedHashMap<>();
            total.put("currency", code);
            total.put("total_debits", debits);
            total.put("total_credits", credits);
            perCurrency.add(total);
            if (sums[0].compareTo(sums[1]) != 0) {
                unbalanced.add(code + ": debits " + debits + ", credits " + credits);
            }
        });
        if (unbalanced.isEmpty()) {
            return;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("totals", perCurrency);
        if (perCurrency.size() == 1) {
            details.put("total_debits", perCurrency.get(0).get("total_debits"));
            details.put("total_credits", perCurrency.get(0).get("total_credits"));
        }
        throw ProblemException.unprocessable("UNBALANCED_TRANSACTION",
                "Debits must equal credits in each currency; they do not in " + String.join("; ", unbalanced) + ".",
                details);
    }

    private static String transactionCurrency(TransactionCommand command, Ledger ledger) {
        return command.currency() != null ? command.currency() : ledger.currency();
    }

    private static Set<String> unknownCurrencies(TransactionCommand command, Ledger ledger) {
        Set<String> unknown = new TreeSet<>();
        String currency = transactionCurrency(command, ledger);
        if (ledger.scaleOf(currency).isEmpty()) {
            unknown.add(currency);
        }
        for (PostingLine line : command.postings()) {
            if (line.currency() != null && ledger.scaleOf(line.currency()).isEmpty()) {
                unknown.add(line.currency());
            }
        }
        return unknown;
    }

    private static Map<String, String> error(int index, String message) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("field", "postings[" + index + "].amount");
        error.put("message", message);
        return error;
    }
}
