package io.laas.ledger.transaction.service;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.ledger.registry.Ledger;
import io.laas.ledger.transaction.CheckedTransaction;
import io.laas.ledger.transaction.Direction;
import io.laas.ledger.transaction.Money;
import io.laas.ledger.transaction.TransactionCommand;
import io.laas.ledger.transaction.TransactionCommand.PostingLine;
import io.laas.web.problem.ProblemException;

/**
 * The double-entry rules that need nothing but the request and the ledger's currency, checked before a
 * transaction joins a batch so that a bad request never holds a ledger's lock.
 */
@ApplicationScoped
public class TransactionRules {

    /** Returns the transaction with its amounts at the currency's scale, or throws the 422 problem of the first rule it breaks. */
    public CheckedTransaction check(TransactionCommand command, Ledger ledger) {
        if (!ledger.currency().equals(command.currency())) {
            throw ProblemException.unprocessable("CURRENCY_MISMATCH",
                    "The transaction is in " + command.currency() + " but ledger " + ledger.id() + " keeps "
                            + ledger.currency() + ".",
                    Map.of("currency", command.currency(), "ledger_currency", ledger.currency()));
        }
        int scale = ledger.scale();
        List<Map<String, String>> invalid = new ArrayList<>();
        BigDecimal debits = BigDecimal.ZERO;
        BigDecimal credits = BigDecimal.ZERO;
        List<PostingLine> lines = command.postings();
        List<PostingLine> scaled = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            PostingLine line = lines.get(i);
            BigDecimal amount = line.amount();
            if (amount.signum() <= 0) {
                invalid.add(error(i, "must be greater than zero"));
            } else if (amount.stripTrailingZeros().scale() > scale) {
                invalid.add(error(i, "has more than " + scale + " decimal places for " + ledger.currency()));
            } else {
                scaled.add(new PostingLine(line.accountCode(), line.direction(), amount.setScale(scale)));
            }
            if (line.direction() == Direction.DEBIT) {
                debits = debits.add(amount);
            } else {
                credits = credits.add(amount);
            }
        }
        if (!invalid.isEmpty()) {
            throw ProblemException.unprocessable("INVALID_AMOUNT",
                    "Amounts must be positive with at most " + scale + " decimal places for " + ledger.currency() + ".",
                    Map.of("errors", invalid));
        }
        if (debits.compareTo(credits) != 0) {
            throw ProblemException.unprocessable("UNBALANCED_TRANSACTION",
                    "Total debits " + Money.format(debits, scale) + " do not equal total credits "
                            + Money.format(credits, scale) + ".",
                    Map.of("total_debits", Money.format(debits, scale), "total_credits", Money.format(credits, scale)));
        }
        return new CheckedTransaction(command, scale, List.copyOf(scaled));
    }

    private static Map<String, String> error(int index, String message) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("field", "postings[" + index + "].amount");
        error.put("message", message);
        return error;
    }
}
