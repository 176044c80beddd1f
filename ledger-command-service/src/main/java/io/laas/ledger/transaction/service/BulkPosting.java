package io.laas.ledger.transaction.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.ledger.registry.Ledger;
import io.laas.ledger.registry.service.LedgerDirectory;
import io.laas.ledger.transaction.CheckedTransaction;
import io.laas.ledger.transaction.PostingOutcome;
import io.laas.ledger.transaction.TransactionCommand;
import io.laas.ledger.transaction.service.BatchJudge.Decision;
import io.laas.web.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * Posts many transactions of one ledger in one request, on the same write path as single posts. Each
 * item is a transaction with its own idempotency key and its own event. Independent items each join
 * the ledger's group commit and are answered on their own; atomic items are committed together in one
 * database transaction, or none of them is.
 */
@ApplicationScoped
public class BulkPosting {

    /** Most transactions one bulk request may hold. */
    public static final int MAX_ITEMS = 1000;

    private final LedgerDirectory ledgers;
    private final TransactionRules rules;
    private final PostingService postings;
    private final BatchCommitter committer;
    private final PostingMetrics metrics;

    public BulkPosting(LedgerDirectory ledgers, TransactionRules rules, PostingService postings, BatchCommitter committer,
            PostingMetrics metrics) {
        this.ledgers = ledgers;
        this.rules = rules;
        this.postings = postings;
        this.committer = committer;
        this.metrics = metrics;
    }

    /** The answer to one item: its outcome, or the problem that refused it. */
    public record ItemResult(PostingOutcome outcome, ProblemException problem) {
    }

    /** Each item posted on its own: one result per item, in order; an item that fails does not stop the others. */
    public Uni<List<ItemResult>> postEach(List<TransactionCommand> commands) {
        List<Uni<ItemResult>> results = new ArrayList<>(commands.size());
        for (TransactionCommand command : commands) {
            results.add(postings.post(command)
                    .map(outcome -> new ItemResult(outcome, null))
                    .onFailure(ProblemException.class).recoverWithItem(e -> new ItemResult(null, (ProblemException) e)));
        }
        return Uni.join().all(results).andFailFast();
    }

    /**
     * All items committed together or none: the outcomes in order, or the problem of the first item
     * refused, with its {@code index}.
     */
    public Uni<List<PostingOutcome>> postAtomically(UUID ledgerId, List<TransactionCommand> commands) {
        long start = System.nanoTime();
        return ledgers.find(ledgerId)
                .chain(ledger -> {
                    if (ledger == null) {
                        throw ProblemException.notFound("LEDGER_NOT_FOUND", "Ledger " + ledgerId + " was not found.");
                    }
                    return needsRefresh(ledger, commands) ? ledgers.refresh(ledgerId) : Uni.createFrom().item(ledger);
                })
                .map(ledger -> {
                    List<CheckedTransaction> checked = new ArrayList<>(commands.size());
                    for (int i = 0; i < commands.size(); i++) {
                        try {
                            checked.add(rules.check(commands.get(i), ledger));
                        } catch (ProblemException problem) {
                            throw itemRefused(i, problem);
                        }
                    }
                    return checked;
                })
                .chain(checked -> committer.commitAtomically(ledgerId, checked))
                .map(decisions -> {
                    List<PostingOutcome> outcomes = new ArrayList<>(decisions.size());
                    for (int i = 0; i < decisions.size(); i++) {
                        Decision decision = decisions.get(i);
                        if (decision.failure() instanceof ProblemException problem) {
                            throw itemRefused(i, problem);
                        }
                        if (decision.failure() != null) {
                            throw new IllegalStateException(decision.failure());
                        }
                        outcomes.add(decision.outcome());
                    }
                    outcomes.forEach(outcome -> metrics.answered(outcome, start));
                    return outcomes;
                })
                .onFailure(ProblemException.class).invoke(e -> metrics.rejected(((ProblemException) e).code()));
    }

    /** Whether an item names a currency the cached ledger does not know (an asset declared since). */
    private static boolean needsRefresh(Ledger ledger, List<TransactionCommand> commands) {
        for (TransactionCommand command : commands) {
            if (command.currency() != null && ledger.scaleOf(command.currency()).isEmpty()) {
                return true;
            }
            for (TransactionCommand.PostingLine line : command.postings()) {
                if (line.currency() != null && ledger.scaleOf(line.currency()).isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The item's own problem, its detail prefixed with its place and {@code index} added. */
    public static ProblemException itemRefused(int index, ProblemException problem) {
        Map<String, Object> extensions = new java.util.LinkedHashMap<>(problem.extensions());
        extensions.put("index", index);
        return new ProblemException(problem.status(), problem.code(), problem.title(),
                "Transaction " + index + " of the bulk was refused, so none was posted: " + problem.detail(), extensions);
    }
}
