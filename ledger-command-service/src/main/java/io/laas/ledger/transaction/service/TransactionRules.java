package io.laas.ledger.transaction.service;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.ledger.account.Account;
import io.laas.ledger.registry.Ledger;
import io.laas.ledger.transaction.AcceptedTransaction;
import io.laas.ledger.transaction.AcceptedTransaction.ResolvedPosting;
import io.laas.ledger.transaction.Direction;
import io.laas.ledger.transaction.Money;
import io.laas.ledger.transaction.TransactionCommand;
import io.laas.ledger.transaction.TransactionCommand.PostingLine;
import io.laas.web.problem.ProblemException;

/**
 * The double-entry rules, checked on one transaction without touching the database, so that many
 * transactions can be judged one by one and then written in one unit of work.
 */
@ApplicationScoped
public class TransactionRules {

    /** Accepts the transaction or throws the 422 problem of the first rule it breaks. */
    public AcceptedTransaction check(TransactionCommand command, Ledger ledger, Map<String, Account> accountsByCode) {
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
        for (int i = 0; i < command.postings().size(); i++) {
            PostingLine line = command.postings().get(i);
            BigDecimal amount = line.amount();
            if (amount.signum() <= 0) {
                invalid.add(error(i, "must be greater than zero"));
            } else if (amount.stripTrailingZeros().scale() > scale) {
                invalid.add(error(i, "has more than " + scale + " decimal places for " + ledger.currency()));
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
        List<String> missing = command.accountCodes().stream().filter(code -> !accountsByCode.containsKey(code)).toList();
        if (!missing.isEmpty()) {
            throw ProblemException.unprocessable("ACCOUNT_NOT_FOUND",
                    "No account " + String.join(", ", missing) + " in ledger " + ledger.id() + ".",
                    Map.of("account_codes", missing));
        }
        List<ResolvedPosting> postings = command.postings().stream()
                .map(line -> new ResolvedPosting(accountsByCode.get(line.accountCode()), line.direction(),
                        line.amount().setScale(scale)))
                .toList();
        return new AcceptedTransaction(UUID.randomUUID(), command, scale, postings);
    }

    private static Map<String, String> error(int index, String message) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("field", "postings[" + index + "].amount");
        error.put("message", message);
        return error;
    }
}
