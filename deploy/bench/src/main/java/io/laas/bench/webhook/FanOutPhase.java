package io.laas.bench.webhook;

import static io.laas.bench.report.Numbers.decimal;
import static io.laas.bench.report.Numbers.whole;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import org.HdrHistogram.Histogram;

import io.laas.bench.BenchOptions;
import io.laas.bench.api.LaasApi;
import io.laas.bench.load.LoadDriver;
import io.laas.bench.load.LoadResult;
import io.laas.bench.load.TransactionBodies;
import io.laas.bench.load.Workload;
import io.laas.bench.report.Percentiles;
import io.laas.bench.report.WebhookFanOutSummary;
import io.laas.bench.stack.StackDatabase;
import io.vertx.core.Vertx;

/**
 * The webhook phase (see {@link WebhookFanOutSummary}): one ledger, {@code endpoints} fast endpoints on a receiver
 * of its own, open-loop load through the gateway; then one endpoint more that takes 10 s per request; then a
 * backlog built while the webhook service's process is stopped (SIGSTOP) and drained after SIGCONT.
 */
public final class FanOutPhase {

    private static final int CONNECTIONS = 16;
    private static final Duration CATCH_UP = Duration.ofMinutes(2);
    private static final Duration DRAIN_WAIT = Duration.ofMinutes(3);
    private static final Duration SLOW_DRAIN_WAIT = Duration.ofMinutes(2);

    private final BenchOptions options;
    private final BenchOptions.WebhookPhase phase;
    private final Vertx vertx;
    private final LaasApi api;
    private final LoadDriver driver;
    private final StackDatabase database;
    private final long webhookPid;
    private final String runId;
    private final Consumer<String> say;
    private final Consumer<String> note;

    public FanOutPhase(BenchOptions options, Vertx vertx, LaasApi api, LoadDriver driver, StackDatabase database,
            long webhookPid, String runId, Consumer<String> say, Consumer<String> note) {
        this.options = options;
        this.phase = options.webhookPhase();
        this.vertx = vertx;
        this.api = api;
        this.driver = driver;
        this.database = database;
        this.webhookPid = webhookPid;
        this.runId = runId;
        this.say = say;
        this.note = note;
    }

    public WebhookFanOutSummary run() throws Exception {
        UUID ledger = BenchOptions.WEBHOOK_LEDGER;
        String token = api.accessToken();
        if (database.benchAccounts(List.of(ledger)).getOrDefault(ledger, 0L) < TransactionBodies.ACCOUNTS) {
            say.accept("Webhook phase: creating " + TransactionBodies.ACCOUNTS + " accounts in ledger "
                    + BenchOptions.WEBHOOK_LEDGER_CODE + " ...");
            api.createAccounts(token, List.of(ledger), TransactionBodies.ACCOUNTS);
        }
        try (FanOutReceiver receiver = FanOutReceiver.start(vertx, options.webhookPort() + 1,
                phase.slow().toMillis())) {
            List<String> fast = IntStream.range(0, phase.endpoints()).mapToObj(FanOutReceiver::fastPath).toList();
            for (String path : fast) {
                api.ensureWebhookEndpoint(token, ledger, receiver.url(path));
            }
            awaitStored(ledger);
            Predicate<FanOutReceiver.Arrival> isFast = a -> fast.contains(a.path());

            // (a) the fast endpoints alone
            long s0 = sequence(ledger);
            say.accept("Webhook phase: %s tx/s for %s s to %d endpoints ...".formatted(whole(phase.rate()),
                    whole(phase.window().toSeconds()), fast.size()));
            load(ledger, "hooks-steady", token, phase.window());
            long s1 = sequence(ledger);
            awaitArrivals(receiver, isFast, s0, s1, (s1 - s0) * fast.size(), DRAIN_WAIT);

            // (b) next to an endpoint that takes 10 s per request
            receiver.slow(true);
            api.ensureWebhookEndpoint(token, ledger, receiver.url(FanOutReceiver.SLOW_PATH));
            say.accept("Webhook phase: the same next to an endpoint taking " + phase.slow().toSeconds()
                    + " s per request ...");
            load(ledger, "hooks-slow", token, phase.window());
            long s2 = sequence(ledger);
            awaitArrivals(receiver, isFast, s1, s2, (s2 - s1) * fast.size(), DRAIN_WAIT);

            // (c) a backlog built while the webhook service is stopped
            long events = Math.max(1, phase.backlog() / fast.size());
            Duration posting = Duration.ofMillis(Math.round(events * 1000 / phase.rate()));
            say.accept("Webhook phase: webhook service (pid %d) stopped while %s events are posted ...".formatted(
                    webhookPid, whole(events)));
            signal("STOP");
            long resumed;
            long s3;
            try {
                load(ledger, "hooks-backlog", token, posting);
                s3 = sequence(ledger);
            } finally {
                signal("CONT");
                resumed = System.nanoTime();
            }
            long owed = (s3 - s2) * fast.size();
            say.accept("Webhook phase: resumed with " + whole(owed) + " deliveries owed to the fast endpoints ...");
            boolean drained = awaitArrivals(receiver, isFast, s2, s3, owed, DRAIN_WAIT);
            List<FanOutReceiver.Arrival> backlog = arrivals(receiver, isFast, s2, s3);
            long lastArrival = backlog.stream().mapToLong(FanOutReceiver.Arrival::arrivedNanos).max().orElse(resumed);
            double drainSeconds = drained ? (lastArrival - resumed) / 1e9 : -1;
            double drainPerSecond = drained && drainSeconds > 0 ? owed / drainSeconds : 0;

            receiver.slow(false);
            awaitArrivals(receiver, a -> a.path().equals(FanOutReceiver.SLOW_PATH), s1, s3, s3 - s1, SLOW_DRAIN_WAIT);

            List<FanOutReceiver.Arrival> all = receiver.arrivals();
            Percentiles steady = percentiles(all, isFast, s0, s1);
            Percentiles withSlow = percentiles(all, isFast, s1, s2);
            long missing = (s3 - s0) * fast.size() - arrivals(receiver, isFast, s0, s3).size();
            if (receiver.duplicates() > 0) {
                note.accept("Webhook phase: " + whole(receiver.duplicates()) + " deliveries repeated an event the endpoint "
                        + "had already received (at-least-once delivery).");
            }
            if (missing > 0) {
                note.accept("Webhook phase: " + whole(missing) + " deliveries to the fast endpoints had not arrived when "
                        + "the phase ended.");
            }
            double seconds = phase.window().toMillis() / 1000.0;
            WebhookFanOutSummary summary = new WebhookFanOutSummary(true, BenchOptions.WEBHOOK_LEDGER_CODE, fast.size(),
                    phase.rate(), seconds, steady, (s1 - s0) * fast.size() / seconds, phase.slow().toSeconds(), seconds,
                    withSlow, owed, drainSeconds, drainPerSecond, receiver.duplicates(), missing);
            say.accept(("Webhook phase: first attempt p50 %s ms, p99 %s ms; next to the slow endpoint p50 %s ms, p99 %s "
                    + "ms; backlog of %s drained at %s deliveries/s; %s repeated, %s missing").formatted(
                            decimal(steady.p50()), decimal(steady.p99()), decimal(withSlow.p50()),
                            decimal(withSlow.p99()), whole(owed), drained ? whole(drainPerSecond) : "— (not drained)",
                            whole(receiver.duplicates()), whole(missing)));
            say.accept("Webhook phase: the backlog's last delivery arrived %s s after the resume".formatted(
                    decimal(drainSeconds)));
            return summary;
        }
    }

    private void load(UUID ledger, String id, String token, Duration window) {
        Workload workload = Workload.uniform(ledger);
        LoadResult result = driver.openLoop(workload, new TransactionBodies(workload.shape(), runId + "-" + id),
                new LoadDriver.Route("gateway", options.gateway()), token, CONNECTIONS, phase.rate(), Duration.ZERO,
                window, LoadDriver.WindowObserver.NONE);
        if (result.errors() > 0) {
            note.accept("Webhook phase (" + id + "): " + whole(result.errors()) + " of the posts failed: "
                    + result.errorsByStatus());
        }
    }

    private long sequence(UUID ledger) throws SQLException {
        return database.writeSequences(List.of(ledger)).getOrDefault(ledger, 0L);
    }

    /** Waits until the webhook service has stored every event of the ledger (the set-up's accounts). */
    private void awaitStored(UUID ledger) throws Exception {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (database.eventsNotAtWebhookService(List.of(ledger)) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    private static List<FanOutReceiver.Arrival> arrivals(FanOutReceiver receiver,
            Predicate<FanOutReceiver.Arrival> which, long after, long upTo) {
        return receiver.arrivals().stream().filter(which)
                .filter(a -> a.sequence() > after && a.sequence() <= upTo).toList();
    }

    /** Whether {@code expected} first arrivals of the sequences in {@code (after, upTo]} came within {@code wait}. */
    private static boolean awaitArrivals(FanOutReceiver receiver, Predicate<FanOutReceiver.Arrival> which, long after,
            long upTo, long expected, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long count = receiver.arrivals().stream().filter(which)
                    .filter(a -> a.sequence() > after && a.sequence() <= upTo).count();
            if (count >= expected) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
    }

    private static Percentiles percentiles(List<FanOutReceiver.Arrival> all, Predicate<FanOutReceiver.Arrival> which,
            long after, long upTo) {
        Histogram micros = new Histogram(3);
        for (FanOutReceiver.Arrival a : all) {
            if (which.test(a) && a.sequence() > after && a.sequence() <= upTo) {
                micros.recordValue(Math.max(0, a.latencyMicros()));
            }
        }
        return Percentiles.ofMicros(micros);
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(webhookPid)).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + name + " " + webhookPid + " failed");
        }
    }
}
