package io.laas.bench;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.laas.bench.load.LoadDriver;
import io.laas.bench.stack.StackDatabase;
import io.laas.bench.stack.StackProcesses;
import io.laas.bench.webhook.WebhookReceiver;

/**
 * What happens around the measured part of a window: CPU of every process at its start and end, and
 * each second the resident memory of every process and the projection's lag; webhook deliveries of
 * events committed in it are attributed to it.
 */
final class WindowSampler implements LoadDriver.WindowObserver {

    private final String windowId;
    private final Duration measured;
    private final StackProcesses processes;
    private final StackDatabase lagDatabase;
    private final List<UUID> ledgers;
    private final WebhookReceiver receiver;
    private final Map<String, Long> largestRssMb = new LinkedHashMap<>();
    private ScheduledExecutorService ticker;
    private volatile long largestLag;
    private StackProcesses.CpuSample cpuAtStart;
    private StackProcesses.CpuSample cpuAtEnd;
    private volatile long fromMicros;

    WindowSampler(String windowId, Duration measured, StackProcesses processes, StackDatabase lagDatabase,
            List<UUID> ledgers, WebhookReceiver receiver) {
        this.windowId = windowId;
        this.measured = measured;
        this.processes = processes;
        this.lagDatabase = lagDatabase;
        this.ledgers = ledgers;
        this.receiver = receiver;
    }

    @Override
    public void measureStarted() {
        fromMicros = WebhookReceiver.epochMicros(Instant.now());
        receiver.latencies().add(windowId, fromMicros, untilMicros());
        cpuAtStart = processes.sampleCpu();
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bench-sampler");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleAtFixedRate(this::tick, 0, 1, TimeUnit.SECONDS);
    }

    @Override
    public void measureEnded() {
        cpuAtEnd = processes.sampleCpu();
        ticker.shutdown();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void tick() {
        Map<String, Long> rss = processes.sampleRssMb();
        synchronized (largestRssMb) {
            rss.forEach((name, mb) -> largestRssMb.merge(name, mb, Math::max));
        }
        try {
            largestLag = Math.max(largestLag, lagDatabase.projectionBehind(ledgers));
        } catch (SQLException e) {
            // a missed sample only lowers the precision of the lag
        }
    }

    Map<String, Double> cpuMsPerTransaction(long transactions) {
        return StackProcesses.cpuMsPerTransaction(cpuAtStart, cpuAtEnd, transactions);
    }

    double generatorCpuMsPerTransaction(long transactions) {
        return StackProcesses.generatorCpuMsPerTransaction(cpuAtStart, cpuAtEnd, transactions);
    }

    Map<String, Long> largestRssMb() {
        synchronized (largestRssMb) {
            return new LinkedHashMap<>(largestRssMb);
        }
    }

    long largestLag() {
        return largestLag;
    }

    /** Where the measured part begins, epoch microseconds: events recorded from then on are the window's. */
    long fromMicros() {
        return fromMicros;
    }

    /** Where it ends (exclusive). */
    long untilMicros() {
        return fromMicros + measured.toNanos() / 1_000;
    }
}
