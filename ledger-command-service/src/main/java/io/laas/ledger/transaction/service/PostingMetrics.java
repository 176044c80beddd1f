package io.laas.ledger.transaction.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.ledger.transaction.PostingOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

@ApplicationScoped
public class PostingMetrics {

    private final MeterRegistry registry;
    private final Counter posted;
    private final Counter replayed;
    private final Timer latency;
    private final DistributionSummary batchSize;
    private final Timer batchDuration;
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();

    public PostingMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.posted = Counter.builder("laas.ledger.transactions.posted")
                .description("Transactions committed").register(registry);
        this.replayed = Counter.builder("laas.ledger.transactions.replayed")
                .description("Requests answered from an idempotency record").register(registry);
        this.latency = Timer.builder("laas.ledger.posting.latency")
                .description("Time from a valid request to its answer: queueing for its batch and the batch's commit")
                .register(registry);
        this.batchSize = DistributionSummary.builder("laas.ledger.batch.size")
                .description("Transactions per group commit (one database transaction)").register(registry);
        this.batchDuration = Timer.builder("laas.ledger.batch.duration")
                .description("Duration of one group commit: locks, judging, writes and commit").register(registry);
    }

    public void answered(PostingOutcome outcome, long startNanos) {
        (outcome.replayed() ? replayed : posted).increment();
        latency.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    public void rejected(String code) {
        rejected.computeIfAbsent(code, c -> Counter.builder("laas.ledger.transactions.rejected")
                .description("Transaction requests rejected, by problem code")
                .tag("code", c)
                .register(registry))
                .increment();
    }

    public void batch(int size, long startNanos) {
        batchSize.record(size);
        batchDuration.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
}
