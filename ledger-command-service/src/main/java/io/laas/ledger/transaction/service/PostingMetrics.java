package io.laas.ledger.transaction.service;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

@ApplicationScoped
public class PostingMetrics {

    private final MeterRegistry registry;
    private final Counter posted;
    private final Counter replayed;
    private final Timer latency;

    public PostingMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.posted = Counter.builder("laas.ledger.transactions.posted")
                .description("Transactions committed").register(registry);
        this.replayed = Counter.builder("laas.ledger.transactions.replayed")
                .description("Requests answered from an idempotency record").register(registry);
        this.latency = Timer.builder("laas.ledger.posting.latency")
                .description("Time to validate and commit (or reject) one transaction request")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry);
    }

    public void posted() {
        posted.increment();
    }

    public void replayed() {
        replayed.increment();
    }

    public void rejected(String code) {
        Counter.builder("laas.ledger.transactions.rejected")
                .description("Transaction requests rejected, by problem code")
                .tag("code", code)
                .register(registry)
                .increment();
    }

    public void latency(long startNanos) {
        latency.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
}
