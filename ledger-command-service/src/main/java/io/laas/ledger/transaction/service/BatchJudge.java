package io.laas.ledger.transaction.service;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

import io.laas.ledger.account.AccountBalance;
import io.laas.ledger.account.repository.AccountRepository.Movement;
import io.laas.ledger.transaction.AcceptedTransaction;
import io.laas.ledger.transaction.AcceptedTransaction.ResolvedPosting;
import io.laas.ledger.transaction.CheckedTransaction;
import io.laas.ledger.transaction.Direction;
import io.laas.ledger.transaction.PostingOutcome;
import io.laas.ledger.transaction.PostingReceipt;
import io.laas.ledger.transaction.TransactionCommand;
import io.laas.ledger.transaction.TransactionCommand.PostingLine;
import io.laas.ledger.transaction.repository.IdempotencyRepository.NewKey;
import io.laas.ledger.transaction.repository.IdempotencyRepository.UsedKey;
import io.laas.web.problem.ProblemException;

/**
 * Judges the transactions of one batch in arrival order against the ledger's state read under its
 * locks, each against the state the transactions before it left: the keys they used and the balances
 * they moved. A rejected transaction changes nothing and does not affect the others. Pure: no I/O.
 */
final class BatchJudge {

    /** The answer to one transaction of the batch: an outcome, or the problem (or failure) that stopped it. */
    record Decision(PostingOutcome outcome, Throwable failure) {

        static Decision of(PostingOutcome outcome) {
            return new Decision(outcome, null);
        }

        static Decision rejected(ProblemException problem) {
            return new Decision(null, problem);
        }

        static Decision failed(Throwable failure) {
            return new Decision(null, failure);
        }
    }

    /**
     * What the batch writes: the accepted transactions in sequence order, the net movement per account
     * (in account id order), the keys to record and the ledger's new last sequence.
     */
    record Verdict(List<Decision> decisions, List<AcceptedTransaction> accepted, List<Movement> movements,
            List<NewKey> newKeys, long lastSequence) {
    }

    private BatchJudge() {
    }

    static Verdict judge(UUID ledgerId, long lastSequence, Map<String, AccountBalance> accounts,
            Map<String, UsedKey> usedKeys, List<CheckedTransaction> batch, Supplier<UUID> transactionIds) {
        Map<String, UsedKey> keys = new HashMap<>(usedKeys);
        Map<UUID, BigDecimal[]> running = new TreeMap<>();
        List<Decision> decisions = new ArrayList<>(batch.size());
        List<AcceptedTransaction> accepted = new ArrayList<>(batch.size());
        List<NewKey> newKeys = new ArrayList<>(batch.size());
        long sequence = lastSequence;
        for (CheckedTransaction checked : batch) {
            TransactionCommand command = checked.command();
            UsedKey used = keys.get(command.idempotencyKey());
            if (used != null) {
                decisions.add(used.requestHash().equals(command.requestHash())
                        ? Decision.of(new PostingOutcome(used.receipt(), true))
                        : Decision.rejected(keyReused(command)));
                continue;
            }
            List<String> missing = command.accountCodes().stream().filter(code -> !accounts.containsKey(code)).toList();
            if (!missing.isEmpty()) {
                decisions.add(Decision.rejected(ProblemException.unprocessable("ACCOUNT_NOT_FOUND",
                        "No account " + String.join(", ", missing) + " in ledger " + ledgerId + ".",
                        Map.of("account_codes", missing))));
                continue;
            }
            ProblemException mismatch = currencyMismatch(checked, accounts);
            if (mismatch != null) {
                decisions.add(Decision.rejected(mismatch));
                continue;
            }
            List<ResolvedPosting> postings = new ArrayList<>(checked.postings().size());
            for (PostingLine line : checked.postings()) {
                AccountBalance balance = accounts.get(line.accountCode());
                postings.add(new ResolvedPosting(balance.account(), line.direction(), line.amount()));
                BigDecimal[] totals = running.computeIfAbsent(balance.account().id(),
                        id -> new BigDecimal[] { BigDecimal.ZERO, BigDecimal.ZERO });
                int side = line.direction() == Direction.DEBIT ? 0 : 1;
                totals[side] = totals[side].add(line.amount());
            }
            sequence++;
            AcceptedTransaction transaction = new AcceptedTransaction(transactionIds.get(), sequence, checked, postings);
            PostingReceipt receipt = transaction.receipt();
            accepted.add(transaction);
            keys.put(command.idempotencyKey(), new UsedKey(command.requestHash(), receipt));
            newKeys.add(new NewKey(command.idempotencyKey(), command.requestHash(), receipt));
            decisions.add(Decision.of(new PostingOutcome(receipt, false)));
        }
        List<Movement> movements = new ArrayList<>(running.size());
        running.forEach((id, totals) -> movements.add(new Movement(id, totals[0], totals[1])));
        return new Verdict(decisions, accepted, movements, newKeys, sequence);
    }

    /** The 422 for postings whose currency is not their account's, or {@code null}. */
    private static ProblemException currencyMismatch(CheckedTransaction checked, Map<String, AccountBalance> accounts) {
        List<Map<String, Object>> mismatches = new ArrayList<>();
        List<PostingLine> lines = checked.postings();
        for (int i = 0; i < lines.size(); i++) {
            PostingLine line = lines.get(i);
            String accountCurrency = accounts.get(line.accountCode()).account().currency();
            if (!accountCurrency.equals(line.currency())) {
                Map<String, Object> mismatch = new LinkedHashMap<>();
                mismatch.put("posting", i);
                mismatch.put("account_code", line.accountCode());
                mismatch.put("account_currency", accountCurrency);
                mismatch.put("currency", line.currency());
                mismatches.add(mismatch);
            }
        }
        if (mismatches.isEmpty()) {
            return null;
        }
        Map<String, Object> first = mismatches.get(0);
        return ProblemException.unprocessable("CURRENCY_MISMATCH",
                "A posting's currency must be its account's: posting " + first.get("posting") + " is in "
                        + first.get("currency") + " but account " + first.get("account_code") + " keeps "
                        + first.get("account_currency") + ".",
                Map.of("mismatches", mismatches));
    }

    static ProblemException keyReused(TransactionCommand command) {
        return ProblemException.conflict("IDEMPOTENCY_KEY_REUSED", "Idempotency key " + command.idempotencyKey()
                + " was already used for a different request in this ledger.");
    }
}
