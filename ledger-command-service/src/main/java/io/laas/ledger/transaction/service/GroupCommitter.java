package io.laas.ledger.transaction.service;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.ledger.config.PostingConfig;
import io.laas.ledger.transaction.BatchItem;
import io.laas.ledger.transaction.PostingOutcome;
import io.laas.ledger.transaction.service.BatchJudge.Decision;
import io.laas.web.problem.Problem;
import io.laas.web.problem.ProblemException;
import io.laas.web.tracing.TraceContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Group commit: the postings of one ledger that arrive while a batch of that ledger is committing wait
 * for it to end and then commit together, up to {@code max-batch-size} per database transaction. A
 * request that finds its ledger idle starts a batch at once, so no fixed delay is ever added: under
 * low load every batch holds one request, and under load batches grow with the number of requests in
 * flight. Each ledger has at most one batch in flight per replica; other ledgers commit in parallel.
 * The event of each item carries the trace context of the request that submitted it, not the batch's.
 */
@ApplicationScoped
public class GroupCommitter {

    private final BatchCommitter committer;
    private final PostingConfig config;
    private final Map<UUID, LedgerQueue> queues = new ConcurrentHashMap<>();

    public GroupCommitter(BatchCommitter committer, PostingConfig config) {
        this.committer = committer;
        this.config = config;
    }

    /** Completes, on the caller's Vert.x context, with the item's outcome or its rejection. */
    public Uni<PostingOutcome> submit(BatchItem transaction) {
        UUID ledgerId = transaction.ledgerId();
        return Uni.createFrom().emitter(emitter -> queues.computeIfAbsent(ledgerId, LedgerQueue::new)
                .offer(new Pending(transaction, emitter, Vertx.currentContext(), TraceContext.current())));
    }

    private record Pending(BatchItem transaction, UniEmitter<? super PostingOutcome> emitter, Context context,
            String traceparent) {

        void answer(Decision decision) {
            if (context == null) {
                deliver(decision);
            } else {
                context.runOnContext(ignored -> deliver(decision));
            }
        }

        private void deliver(Decision decision) {
            if (decision.failure() != null) {
                emitter.fail(decision.failure());
            } else {
                emitter.complete(decision.outcome());
            }
        }
    }

    private final class LedgerQueue {

        private final UUID ledgerId;
        private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
        private boolean committing;

        LedgerQueue(UUID ledgerId) {
            this.ledgerId = ledgerId;
        }

        void offer(Pending pending) {
            List<Pending> batch;
            synchronized (this) {
                if (waiting.size() >= config.maxQueuedPerLedger()) {
                    batch = null;
                } else {
                    waiting.add(pending);
                    batch = committing ? List.of() : nextBatch();
                }
            }
            if (batch == null) {
                pending.answer(Decision.failed(busy()));
            } else if (!batch.isEmpty()) {
                run(batch);
            }
        }

        /** Takes the next batch and marks the ledger as committing; empty (and idle) when nothing waits. */
        private List<Pending> nextBatch() {
            int size = Math.min(waiting.size(), config.maxBatchSize());
            committing = size > 0;
            List<Pending> batch = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                batch.add(waiting.poll());
            }
            return batch;
        }

        private void run(List<Pending> batch) {
            List<BatchItem> transactions = new ArrayList<>(batch.size());
            IdentityHashMap<BatchItem, String> traceparents = new IdentityHashMap<>(batch.size());
            for (Pending pending : batch) {
                transactions.add(pending.transaction());
                traceparents.put(pending.transaction(), pending.traceparent());
            }
            committer.commit(ledgerId, transactions, traceparents::get).subscribe().with(decisions -> {
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).answer(decisions.get(i));
                }
                runNext();
            }, failure -> {
                for (Pending pending : batch) {
                    pending.answer(Decision.failed(failure));
                }
                runNext();
            });
        }

        private void runNext() {
            List<Pending> next;
            synchronized (this) {
                next = nextBatch();
            }
            if (!next.isEmpty()) {
                run(next);
            }
        }

        private ProblemException busy() {
            return new ProblemException(503, "LEDGER_BUSY", "Service Unavailable", "Ledger " + ledgerId
                    + " has too many transactions waiting to be committed; retry shortly.", Map.of(Problem.RETRY_AFTER, 1));
        }
    }
}
