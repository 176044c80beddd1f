package io.laas.projector.projection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.laas.local.testing.LocalInfraTestResource;
import io.laas.projector.Metrics;
import io.laas.projector.TestLedger;
import io.laas.projector.TestLedger.Event;
import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Measures how fast the projector applies {@code transaction.posted} events; prints figures, asserts nothing
 * about time (speed is not proven by timed tests). Not part of the suite (its name does not end in Test):
 * run it with {@code ./mvnw -pl projector-service -am verify -Dtest=ProjectionThroughputMeasurement
 * -Dsurefire.failIfNoSpecifiedTests=false}. System properties (through {@code -DargLine=...}):
 * {@code laas.measure.ledgers} (default 20), {@code laas.measure.backlog} (events, default 50000),
 * {@code laas.measure.rate} (events/s of the steady run, default 5000), {@code laas.measure.seconds} (default 20),
 * {@code laas.measure.warm-up} (events applied before the backlog is measured, default 20000).
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class ProjectionThroughputMeasurement {

    private static final int LEDGERS = Integer.getInteger("laas.measure.ledgers", 20);
    private static final int BACKLOG = Integer.getInteger("laas.measure.backlog", 50_000);
    private static final int RATE = Integer.getInteger("laas.measure.rate", 5_000);
    private static final int SECONDS = Integer.getInteger("laas.measure.seconds", 20);
    /** Events applied before measuring, so that the JIT has compiled the projection path. */
    private static final int WARM_UP = Integer.getInteger("laas.measure.warm-up", 20_000);

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @Test
    void backlogCatchUp() throws Exception {
        List<TestLedger> warmUp = ledgersWithAccounts();
        List<Event> warmUpEvents = new ArrayList<>();
        for (int i = 0; i < WARM_UP; i++) {
            warmUpEvents.add(transaction(warmUp.get(i % LEDGERS)));
        }
        TestLedger.sendAll(warmUpEvents);
        awaitApplied(warmUp, Duration.ofMinutes(10));

        List<TestLedger> ledgers = ledgersWithAccounts();
        List<Event> backlog = new ArrayList<>(BACKLOG);
        for (int i = 0; i < BACKLOG; i++) {
            backlog.add(transaction(ledgers.get(i % LEDGERS)));
        }
        // The backlog is published before the projector is let at it, so that the CPU it uses is its own.
        double batches = Metrics.value("laas_projector_batch_seconds_count");
        double batchSeconds = Metrics.value("laas_projector_batch_seconds_sum");
        long start = System.nanoTime();
        TestLedger.sendAll(backlog);
        long published = System.nanoTime();
        long jvmCpu = jvmCpuNanos();
        long postgresCpu = postgresCpuTicks();
        long before = applied(ledgers);
        awaitApplied(ledgers, Duration.ofMinutes(10));
        long applied = System.nanoTime();
        double jvmCpuMs = (jvmCpuNanos() - jvmCpu) / 1e6;
        double postgresCpuMs = (postgresCpuTicks() - postgresCpu) * 10.0;
        long window = applied(ledgers) - before;
        System.out.printf("%nCPU while applying the last %d events (after publishing ended): projector JVM %.0f ms "
                + "(%.3f ms/event), PostgreSQL %.0f ms (%.3f ms/event)%n", window, jvmCpuMs, jvmCpuMs / window,
                postgresCpuMs, postgresCpuMs / window);
        double total = (applied - start) / 1e9;
        double batchCount = Metrics.value("laas_projector_batch_seconds_count") - batches;
        System.out.printf("%nBACKLOG: %d transaction.posted events over %d ledgers: published in %.2f s, all applied "
                + "%.2f s after the first was sent => %.0f events/s; %d batches, %.0f records and %.1f ms each on "
                + "average%n%n", BACKLOG, LEDGERS, (published - start) / 1e9, total, BACKLOG / total,
                (long) batchCount, BACKLOG / batchCount,
                1000 * (Metrics.value("laas_projector_batch_seconds_sum") - batchSeconds) / batchCount);
    }

    @Test
    void steadyLoadThenCatchUp() throws Exception {
        List<TestLedger> ledgers = ledgersWithAccounts();
        int perTick = RATE / 10;
        long start = System.nanoTime();
        int sent = 0;
        long worstLag = 0;
        for (int tick = 0; tick < SECONDS * 10; tick++) {
            List<Event> events = new ArrayList<>(perTick);
            for (int i = 0; i < perTick; i++) {
                events.add(transaction(ledgers.get((sent + i) % LEDGERS)));
            }
            TestLedger.sendAll(events);
            sent += perTick;
            if (tick % 10 == 9) {
                worstLag = Math.max(worstLag, sent + 2L * LEDGERS - applied(ledgers));
            }
            long next = start + (tick + 1) * 100_000_000L;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        long stopped = System.nanoTime();
        double offered = sent / ((stopped - start) / 1e9);
        awaitApplied(ledgers, Duration.ofMinutes(5));
        long caughtUp = System.nanoTime();
        System.out.printf("%nSTEADY: %d events offered at %.0f/s for %.1f s; worst backlog seen at a one-second check: "
                + "%d events; all applied %.0f ms after the last was published%n%n", sent, offered,
                (stopped - start) / 1e9, worstLag, (caughtUp - stopped) / 1e6);
    }

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** utime + stime (in 10 ms ticks) of every process of the test PostgreSQL (postmaster and children). */
    private long postgresCpuTicks() {
        long backend = pool.query("SELECT pg_backend_pid()").execute().await().atMost(Duration.ofSeconds(10))
                .iterator().next().getInteger(0);
        long postmaster = ProcessHandle.of(backend).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElseThrow();
        long ticks = ticks(postmaster);
        for (ProcessHandle child : ProcessHandle.of(postmaster).orElseThrow().children().toList()) {
            ticks += ticks(child.pid());
        }
        return ticks;
    }

    private static long ticks(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    private List<TestLedger> ledgersWithAccounts() {
        List<TestLedger> ledgers = new ArrayList<>();
        List<Event> accounts = new ArrayList<>();
        for (int l = 0; l < LEDGERS; l++) {
            TestLedger ledger = new TestLedger();
            ledgers.add(ledger);
            accounts.add(ledger.account("cash", "asset"));
            accounts.add(ledger.account("revenue", "revenue"));
        }
        TestLedger.sendAll(accounts);
        awaitApplied(ledgers, Duration.ofMinutes(1));
        return ledgers;
    }

    private static Event transaction(TestLedger ledger) {
        return ledger.transaction(UUID.randomUUID(), "USD", "cash", "debit", "1.00", "revenue", "credit", "1.00");
    }

    private void awaitApplied(List<TestLedger> ledgers, Duration atMost) {
        long expected = ledgers.stream().mapToLong(TestLedger::lastSequenceSent).sum();
        long deadline = System.nanoTime() + atMost.toNanos();
        while (applied(ledgers) < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not applied within " + atMost);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private long applied(List<TestLedger> ledgers) {
        UUID[] ids = ledgers.stream().map(l -> l.id).toArray(UUID[]::new);
        return pool.preparedQuery("SELECT coalesce(sum(last_sequence), 0)::bigint FROM ledger_progress "
                + "WHERE ledger_id = ANY($1)").execute(io.vertx.mutiny.sqlclient.Tuple.of(ids))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }
}
