package io.laas.ledger.transaction.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.ledger.registry.Ledger;
import io.laas.ledger.registry.service.LedgerDirectory;
import io.laas.ledger.transaction.CheckedTransaction;
import io.laas.ledger.transaction.PostingOutcome;
import io.laas.ledger.transaction.TransactionCommand;
import io.laas.web.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * Posts transactions: checks what needs no lock against the ledger (currencies, amounts, balance), then
 * hands the transaction to the ledger's group commit, where it is judged against the locked state
 * (accounts, idempotency keys) in arrival order and committed with the others of its batch. A
 * rejected transaction writes nothing and leaves the ledger's sequence unchanged.
 */
@ApplicationScoped
public class PostingService {

    private final LedgerDirectory ledgers;
    private final TransactionRules rules;
    private final GroupCommitter committer;
    private final PostingMetrics metrics;

    public PostingService(LedgerDirectory ledgers, TransactionRules rules, GroupCommitter committer,
            PostingMetrics metrics) {
        this.ledgers = ledgers;
        this.rules = rules;
        this.committer = committer;
        this.metrics = metrics;
    }

    private CheckedTransaction check(TransactionCommand command, Ledger ledger) {
        if (ledger == null) {
            throw ProblemException.notFound("LEDGER_NOT_FOUND", "Ledger " + command.ledgerId() + " was not found.");
        }
        return rules.check(command, ledger);
    }

    private static boolean unknownCurrency(Throwable failure) {
        return failure instanceof ProblemException problem && Ledger.UNKNOWN_CURRENCY.equals(problem.code());
    }

    /**
     * Checks what needs no lock against the ledger: its currencies (an asset declared since the ledger was
     * cached, possibly on another replica, is found by reading it again), amounts and balance.
     */
    public Uni<CheckedTransaction> check(TransactionCommand command) {
        return ledgers.find(command.ledgerId())
                .map(ledger -> check(command, ledger))
                .onFailure(PostingService::unknownCurrency)
                .recoverWithUni(() -> ledgers.refresh(command.ledgerId()).map(ledger -> check(command, ledger)));
    }

    public Uni<PostingOutcome> post(TransactionCommand command) {
        long start = System.nanoTime();
        return check(command)
                .chain(committer::submit)
                .invoke(outcome -> metrics.answered(outcome, start))
                .onFailure(ProblemException.class).invoke(e -> metrics.rejected(((ProblemException) e).code()));
    }
}
