package io.laas.bench;

import static io.laas.bench.report.Numbers.decimal;
import static io.laas.bench.report.Numbers.whole;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;

import io.laas.bench.api.LaasApi;
import io.laas.bench.floor.Floor;
import io.laas.bench.floor.FloorScript;
import io.laas.bench.floor.PgbenchOutput;
import io.laas.bench.load.BulkTraffic;
import io.laas.bench.load.LoadDriver;
import io.laas.bench.load.LoadResult;
import io.laas.bench.load.PostTraffic;
import io.laas.bench.load.ReadTraffic;
import io.laas.bench.load.Traffic;
import io.laas.bench.load.TransactionBodies;
import io.laas.bench.load.Workload;
import io.laas.bench.readscale.ReadScalePlan;
import io.laas.bench.readscale.ReadScaleSeeder;
import io.laas.bench.readscale.ReadScaleTraffic;
import io.laas.bench.report.BenchReport;
import io.laas.bench.report.Charts;
import io.laas.bench.report.FloorIds;
import io.laas.bench.report.FloorMeasurement;
import io.laas.bench.report.MarkdownReport;
import io.laas.bench.report.Measurement;
import io.laas.bench.report.Percentiles;
import io.laas.bench.report.ReadScaleSummary;
import io.laas.bench.report.ResultsJson;
import io.laas.bench.report.RunInfo;
import io.laas.bench.report.TargetResult;
import io.laas.bench.report.Targets;
import io.laas.bench.report.WebhookFanOutSummary;
import io.laas.bench.stack.ProcFs;
import io.laas.bench.stack.ProcessGroup;
import io.laas.bench.stack.StackDatabase;
import io.laas.bench.stack.StackProcesses;
import io.laas.bench.webhook.FanOutPhase;
import io.laas.bench.webhook.WebhookReceiver;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * One benchmark run against a running local stack: set-up through the API, the floor with pgbench, a
 * warm-up, the measured windows (single posts, bulk posts, reads), the optional preload, the reads at
 * scale (a big ledger seeded through the API), the consistency checks, and the report.
 */
final class BenchRun {

    private static final Duration LEDGER_REGISTRATION_TIMEOUT = Duration.ofSeconds(90);
    /** Longest wait for a window's webhooks before the next window (the rest are waited for at the end). */
    private static final Duration WEBHOOK_WAIT = Duration.ofSeconds(10);
    private static final Duration SET_UP_DRAIN_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration PRELOAD_STEP = Duration.ofSeconds(10);
    private static final Duration PRELOAD_DRAIN_TIMEOUT = Duration.ofMinutes(60);
    private static final int PRELOAD_CONNECTIONS = 64;
    /** Access tokens live 10 minutes: the preload takes a new one after five. */
    private static final Duration PRELOAD_TOKEN_REUSE = Duration.ofMinutes(5);
    private static final Duration FLOOR_WARMUP = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 20;
    /** The warm-up of the read path (at most --warmup): the write windows never ran it. */
    private static final Duration READ_WARMUP = Duration.ofSeconds(10);
    /** The page size of the transaction-list read windows. */
    private static final int READ_PAGE = 20;
    /** Reports are few and heavy: one or two at a time, as an accountant's screen asks for them. */
    private static final int READ_SCALE_REPORT_CONNECTIONS = 2;
    private static final Duration READ_SCALE_PROGRESS = Duration.ofSeconds(10);
    private static final Duration READ_SCALE_CATCH_UP_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration READ_SCALE_WEBHOOK_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration READ_SCALE_ANALYZE_TIMEOUT = Duration.ofMinutes(3);

    private final BenchOptions options;
    private final Vertx vertx;
    private final String runId = "bench-" + Instant.now().getEpochSecond();
    private final List<String> notes = new ArrayList<>();
    private final Map<UUID, Long> webhookExpectedAfter = new LinkedHashMap<>();
    /** transaction.posted events of each ledger before the first load: the generator's tally is checked against the rest. */
    private final Map<UUID, Long> postedBeforeLoad = new LinkedHashMap<>();
    private List<FloorMeasurement> floors = List.of();
    private ReadScaleSummary readScale = ReadScaleSummary.NOT_RUN;
    private WebhookFanOutSummary webhookFanOut = WebhookFanOutSummary.NOT_RUN;
    private LaasApi api;
    private LoadDriver driver;
    private StackDatabase database;
    private StackDatabase lagDatabase;
    private StackProcesses processes;
    private WebhookReceiver receiver;

    BenchRun(BenchOptions options, Vertx vertx) {
        this.options = options;
        this.vertx = vertx;
    }

    /** @return the process exit code: 0, or 1 when a consistency check failed */
    int run() throws Exception {
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        RunInfo runInfo = new RunInfo(gitCommit(), gitDirty(), machine(), Runtime.getRuntime().availableProcessors(),
                started.atOffset(ZoneOffset.UTC).toString(), options.commandLine(), options.quick(), 0);
        say("LaaS benchmark " + runId + " against " + options.gateway() + " (command service " + options.command() + ")");
        try {
            connect();
            if (options.webhookPhase().only()) {
                awaitKnown(List.of(BenchOptions.WEBHOOK_LEDGER));
                measureWebhookFanOut();
                notes.forEach(note -> say("Note: " + note));
                return 0;
            }
            setUp();
            floors = runFloor();
            List<Measurement> measurements = new ArrayList<>();
            warmUp();
            measureWindows(measurements);
            long preloaded = 0;
            if (options.preload() > 0) {
                preloaded = preload();
                Measurement peak = Targets.peak(report(runInfo, floors, measurements, List.of()),
                        Targets.closed("gateway", "uniform")).orElseThrow();
                measurements.add(closedWindow(Workload.uniform(uniformLedger()), gatewayRoute(), peak.connections(),
                        peak.id() + "-preloaded", peak.label() + ", " + whole(preloaded) + " events stored"));
            }
            try {
                measureReadScale(measurements);
            } catch (BenchSetupException e) {
                // the windows before it stand on their own: report them with the reason this phase stopped
                say("The reads at scale stopped: " + e.getMessage());
                notes.add("The reads at scale stopped: " + e.getMessage());
            }
            if (options.webhookPhase().enabled()) {
                measureWebhookFanOut();
            }
            List<String> problems = finalChecks();
            // reads commit nothing: their windows have no webhooks
            measurements.replaceAll(m -> m.isRead() ? m : m.withWebhook(receiver.latencies().latencies(m.id())
                    .map(latencies -> Percentiles.ofMicros(latencies, m.committedEvents())).orElseThrow()));
            RunInfo finished = new RunInfo(runInfo.commit(), runInfo.dirtyTree(), runInfo.machine(), runInfo.cores(),
                    runInfo.startedAt(), runInfo.options(), runInfo.quick(), preloaded);
            BenchReport report = report(finished, floors, measurements, problems);
            writeReport(report);
            if (!problems.isEmpty()) {
                System.err.println("\n" + "!".repeat(100) + "\nCONSISTENCY CHECKS FAILED:");
                problems.forEach(problem -> System.err.println("  - " + problem));
                System.err.println("!".repeat(100));
                return 1;
            }
            say("Every consistency check passed.");
            return 0;
        } finally {
            close();
        }
    }

    private BenchReport report(RunInfo run, List<FloorMeasurement> floors, List<Measurement> measurements,
            List<String> problems) {
        return new BenchReport(run, floors, List.copyOf(measurements), problems, List.copyOf(notes), readScale,
                webhookFanOut);
    }

    // ---------------------------------------------------------------------------------------------
    // Set-up
    // ---------------------------------------------------------------------------------------------

    private void connect() throws IOException {
        BenchOptions.Database db = options.database();
        try {
            // the checks compare every ledger across the schemas: as the services' role, row-level security would
            // show them no rows at all, so they read as the superuser
            database = StackDatabase.connect(db.jdbcUrl(), db.superUser(), db.superPassword());
            lagDatabase = StackDatabase.connect(db.jdbcUrl(), db.superUser(), db.superPassword());
        } catch (SQLException e) {
            throw new BenchSetupException("Cannot connect to the stack's PostgreSQL at " + db.jdbcUrl() + " ("
                    + e.getMessage() + "). Is the local stack running (LAAS_POSTGRES_PORT)?");
        }
        processes = new StackProcesses(findProcesses());
        say("Processes: " + processes.groups().stream().map(g -> g.name() + "=" + g.pid()).toList());
        api = new LaasApi(vertx, options.gateway(), options.clientId(), options.clientSecret());
        driver = new LoadDriver(vertx);
    }

    private List<ProcessGroup> findProcesses() throws IOException {
        BenchOptions.Ports ports = options.ports();
        Map<String, Integer> byPort = new LinkedHashMap<>();
        byPort.put("gateway", options.gateway().getPort());
        byPort.put("iam", ports.iam());
        byPort.put("command", options.command().getPort());
        byPort.put("projector", options.projector().getPort());
        byPort.put("webhook", ports.webhook());
        byPort.put("postgres", ports.postgres());
        byPort.put("kafka", ports.kafka());
        List<ProcessGroup> groups = new ArrayList<>();
        for (Map.Entry<String, Integer> entry : byPort.entrySet()) {
            Optional<Long> pid = ProcFs.pidListeningOn(entry.getValue());
            if (pid.isEmpty()) {
                throw new BenchSetupException("No process of this machine listens on port " + entry.getValue() + " ("
                        + entry.getKey() + "), or its sockets cannot be read: the benchmark needs the local stack on this "
                        + "machine, its ports given as for deploy/local/up (LAAS_GATEWAY_PORT, …).");
            }
            groups.add(new ProcessGroup(entry.getKey(), pid.get(), entry.getKey().equals("postgres")));
        }
        return groups;
    }

    private void setUp() throws Exception {
        String token = api.accessToken();
        awaitLedgersKnown();
        Map<UUID, Long> accounts = database.benchAccounts(options.ledgers());
        List<UUID> unprovisioned = options.ledgers().stream()
                .filter(ledger -> accounts.getOrDefault(ledger, 0L) < TransactionBodies.ACCOUNTS).toList();
        if (!unprovisioned.isEmpty()) {
            say("Creating " + TransactionBodies.ACCOUNTS + " accounts in each of " + unprovisioned.size() + " ledgers ...");
            api.createAccounts(token, unprovisioned, TransactionBodies.ACCOUNTS);
        }
        if (api.accountRetries() > 0) {
            String retried = whole(api.accountRetries()) + " account creations of the set-up were answered 5xx and asked "
                    + "for again (see the command service's log)";
            say(retried + ", e.g. " + api.accountRetrySamples());
            notes.add(retried + ".");
        }
        receiver = WebhookReceiver.start(vertx, options.webhookPort());
        for (UUID ledger : options.ledgers()) {
            api.ensureWebhookEndpoint(token, ledger, receiver.url(ledger));
        }
        // every event committed from now on must reach the receiver
        webhookExpectedAfter.putAll(database.writeSequences(options.ledgers()));
        // and every transaction posted from now on is one the load generator was told of
        postedBeforeLoad.putAll(database.postedTransactions(options.ledgers()));
        say("Webhook receiver on " + receiver.url(uniformLedger()).replaceAll("/hooks/.*", "") + "; waiting for the "
                + "projection and webhooks to catch up with the set-up ...");
        if (awaitCaughtUp(options.ledgers(), SET_UP_DRAIN_TIMEOUT).isEmpty()) {
            notes.add("The projection had not caught up with the set-up within " + SET_UP_DRAIN_TIMEOUT.toMinutes()
                    + " min when the floor started.");
        }
    }

    private void awaitLedgersKnown() throws Exception {
        List<UUID> ledgers = new ArrayList<>(options.ledgers());
        if (options.readScale().enabled()) {
            ledgers.add(BenchOptions.READ_SCALE_LEDGER);
        }
        if (options.webhookPhase().enabled()) {
            ledgers.add(BenchOptions.WEBHOOK_LEDGER);
        }
        awaitKnown(ledgers);
    }

    private void awaitKnown(List<UUID> ledgers) throws Exception {
        Instant deadline = Instant.now().plus(LEDGER_REGISTRATION_TIMEOUT);
        while (true) {
            Map<UUID, Long> known = database.writeSequences(ledgers);
            if (known.keySet().containsAll(ledgers)) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                List<UUID> missing = ledgers.stream().filter(l -> !known.containsKey(l)).toList();
                String readScaleOnly = missing.equals(List.of(BenchOptions.READ_SCALE_LEDGER))
                        ? " (the read-scale ledger " + BenchOptions.READ_SCALE_LEDGER_CODE + " is newer than the other "
                                + "ten: a stack started with an older tenants file lacks it; or run with "
                                + "--read-scale-transactions 0)"
                        : missing.equals(List.of(BenchOptions.WEBHOOK_LEDGER))
                                ? " (the webhook ledger " + BenchOptions.WEBHOOK_LEDGER_CODE + " is newer than the "
                                        + "others: a stack started with an older tenants file lacks it; or run with "
                                        + "--webhook-backlog 0)"
                                : "";
                throw new BenchSetupException("The command service does not know the benchmark ledgers " + missing
                        + readScaleOnly + ". " + BenchSetupException.HOW_TO_START);
            }
            Thread.sleep(500);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Floor
    // ---------------------------------------------------------------------------------------------

    private List<FloorMeasurement> runFloor() throws IOException {
        BenchOptions.Database db = options.database();
        Floor floor = new Floor(options.repoRoot().resolve("deploy/bench/floor"), options.pgbench(),
                new Floor.Server(db.host(), db.port(), db.superUser(), db.superPassword(), db.user(), db.password()));
        say("Floor: pgbench in database " + Floor.DATABASE + " of the same PostgreSQL ...");
        floor.prepare();
        floor.run(FloorScript.UNIFORM, options.floorClients(),
                (int) Math.max(1, Math.min(FLOOR_WARMUP.toSeconds(), options.floorWindow().toSeconds())));
        List<FloorMeasurement> floors = new ArrayList<>();
        int seconds = (int) Math.max(1, options.floorWindow().toSeconds());
        for (FloorScript script : FloorScript.ALL) {
            StackProcesses.CpuSample before = processes.sampleCpu();
            PgbenchOutput output = floor.run(script, options.floorClients(), seconds);
            StackProcesses.CpuSample after = processes.sampleCpu();
            double txPerSecond = output.tps() * script.perCommit();
            long transactions = Math.round(txPerSecond * seconds);
            double postgresCpu = StackProcesses.cpuMsPerTransaction(before, after, transactions).getOrDefault("postgres", 0.0);
            FloorMeasurement measured = new FloorMeasurement(script.id(), script.label(), script.file(),
                    Floor.clients(script, options.floorClients()), script.perCommit(), txPerSecond, output.latencyMs(),
                    output.failed(), postgresCpu);
            floors.add(measured);
            say("  %-15s %8s tx/s  (%s clients, %s ms/run, PostgreSQL %s ms CPU/tx, %d failed)".formatted(script.file(),
                    whole(txPerSecond), measured.clients(), decimal(output.latencyMs()), decimal(postgresCpu),
                    output.failed()));
        }
        return floors;
    }

    // ---------------------------------------------------------------------------------------------
    // Load
    // ---------------------------------------------------------------------------------------------

    private void warmUp() throws Exception {
        Duration measured = Duration.ofSeconds(1);
        Duration settle = options.warmup().minus(measured).isNegative() ? Duration.ZERO : options.warmup().minus(measured);
        say("Warming up: uniform via gateway, " + options.largestConnections() + " connections, "
                + options.warmup().toSeconds() + " s ...");
        LoadResult warm = driver.closedLoop(Workload.uniform(uniformLedger()),
                new TransactionBodies(Workload.uniform(uniformLedger()).shape(), runId + "-warmup"), gatewayRoute(),
                api.accessToken(), options.largestConnections(), settle, measured, LoadDriver.WindowObserver.NONE);
        requireUsable("warm-up", warm);
        awaitCaughtUp(List.of(uniformLedger()), options.drainTimeout());
        awaitWebhooks(List.of(uniformLedger()), webhookWait());
    }

    /**
     * The gateway's closed loops find the peak; the open loops follow at once, so that as little webhook
     * backlog as possible stands in front of them; then the command service and the other workloads.
     */
    private void measureWindows(List<Measurement> measurements) throws Exception {
        UUID ledger = uniformLedger();
        for (int connections : options.connections()) {
            measurements.add(closedWindow(Workload.uniform(ledger), gatewayRoute(), connections,
                    "gateway-uniform-c" + connections, "uniform, gateway, " + connections + " conn."));
        }
        Measurement peak = measurements.stream().max((a, b) -> Double.compare(a.txPerSecond(), b.txPerSecond())).orElseThrow();
        // the open loop measures webhook latency at a sustainable rate: not behind the closed loops' backlog
        if (!awaitWebhooks(options.ledgers(), options.drainTimeout())) {
            notes.add("The open loops started with " + whole(webhooksMissing(options.ledgers()))
                    + " webhooks of the closed loops still queued: their webhook latency includes that backlog.");
        }
        for (double fraction : options.openLoopFractions()) {
            double rate = Math.max(1, peak.txPerSecond() * fraction);
            int percent = (int) Math.round(fraction * 100);
            measurements.add(openWindow(Workload.uniform(ledger), gatewayRoute(), options.largestConnections(), rate,
                    fraction, "gateway-uniform-open" + percent,
                    "uniform, gateway, open loop " + percent + "% of peak (" + whole(rate) + "/s)"));
        }
        for (int connections : options.commandConnections()) {
            measurements.add(closedWindow(Workload.uniform(ledger), commandRoute(), connections,
                    "command-uniform-c" + connections, "uniform, command service, " + connections + " conn."));
        }
        int best = peak.connections();
        measurements.add(closedWindow(Workload.hot(ledger), gatewayRoute(), best, "gateway-hot-c" + best,
                "hot account, gateway, " + best + " conn."));
        measurements.add(closedWindow(Workload.fourPostings(ledger), gatewayRoute(), best, "gateway-four-postings-c" + best,
                "four postings, gateway, " + best + " conn."));
        measurements.add(closedWindow(Workload.tenLedgers(options.ledgers()), gatewayRoute(), best,
                "gateway-ten-ledgers-c" + best, "ten ledgers, gateway, " + best + " conn."));
        measureBulk(measurements);
        measureReads(measurements);
    }

    /**
     * The uniform workload posted in bulk requests through the gateway, closed loop at each bulk connection
     * count; then the same atomically ({@code "atomic": true}) at the count that posted most.
     */
    private void measureBulk(List<Measurement> measurements) throws Exception {
        Measurement best = null;
        for (int connections : options.bulkConnections()) {
            Measurement m = bulkWindow(false, connections);
            measurements.add(m);
            best = best == null || m.txPerSecond() > best.txPerSecond() ? m : best;
        }
        if (best != null) {
            measurements.add(bulkWindow(true, best.connections()));
        }
    }

    private Measurement bulkWindow(boolean atomic, int connections) throws Exception {
        int size = options.bulkSize();
        Workload workload = Workload.uniform(uniformLedger());
        String id = "gateway-bulk" + size + (atomic ? "-atomic" : "") + "-c" + connections;
        String label = "uniform, " + (atomic ? "atomic " : "") + "bulk of " + size + ", gateway, " + connections + " conn.";
        return closedWindow(new BulkTraffic(workload, bodies(workload, id), size, atomic), atomic ? "bulk-atomic" : "bulk",
                FloorIds.UNIFORM, gatewayRoute(), connections, id, label);
    }

    /**
     * Reads of the projection, at each read connection count straight to the projector and then through
     * the gateway with the same connections; the newest page of transactions at the largest count. They
     * start on a quiet stack (the projection and the webhooks of the writes done) after a warm-up of the
     * read path through the gateway.
     */
    private void measureReads(List<Measurement> measurements) throws Exception {
        if (options.readConnections().isEmpty()) {
            return;
        }
        UUID ledger = uniformLedger();
        if (awaitCaughtUp(options.ledgers(), options.drainTimeout()).isEmpty()
                || !awaitWebhooks(options.ledgers(), options.drainTimeout())) {
            notes.add("The read windows started before the projection and the webhooks had caught up with the writes "
                    + "(waited " + options.drainTimeout().toSeconds() + " s): that work ran alongside the reads.");
        }
        int largest = options.readConnections().stream().mapToInt(Integer::intValue).max().orElseThrow();
        Duration warmup = options.warmup().compareTo(READ_WARMUP) < 0 ? options.warmup() : READ_WARMUP;
        say("Warming up the read path: one account via gateway, " + largest + " connections, " + warmup.toSeconds()
                + " s ...");
        requireUsable("the read warm-up", driver.closedLoop(ReadTraffic.account(ledger), gatewayRoute(), api.accessToken(),
                largest, warmup, Duration.ofSeconds(1), LoadDriver.WindowObserver.NONE));
        for (int connections : options.readConnections()) {
            for (LoadDriver.Route route : List.of(projectorRoute(), gatewayRoute())) {
                measurements.add(readWindow(ReadTraffic.account(ledger), route, connections,
                        "account by code, " + route.name() + ", " + connections + " conn."));
            }
        }
        for (LoadDriver.Route route : List.of(projectorRoute(), gatewayRoute())) {
            measurements.add(readWindow(ReadTraffic.transactions(ledger, READ_PAGE), route, largest,
                    "newest " + READ_PAGE + " transactions, " + route.name() + ", " + largest + " conn."));
        }
    }

    private Measurement readWindow(ReadTraffic traffic, LoadDriver.Route route, int connections, String label)
            throws Exception {
        String id = route.name() + "-" + traffic.kind().workload() + "-c" + connections;
        return closedWindow(traffic, traffic.kind().workload(), null, route, connections, id, label);
    }

    private Measurement closedWindow(Workload workload, LoadDriver.Route route, int connections, String id, String label)
            throws Exception {
        return closedWindow(new PostTraffic(workload, bodies(workload, id)), workload.name(), floorOf(workload), route,
                connections, id, label);
    }

    private Measurement closedWindow(Traffic traffic, String workload, String floor, LoadDriver.Route route,
            int connections, String id, String label) throws Exception {
        return closedWindow(traffic, workload, floor, route, connections, id, label, options.window());
    }

    private Measurement closedWindow(Traffic traffic, String workload, String floor, LoadDriver.Route route,
            int connections, String id, String label, Duration window) throws Exception {
        WindowSampler sampler = sampler(id, traffic.ledgers(), window);
        LoadResult result = driver.closedLoop(traffic, route, api.accessToken(), connections, options.settle(),
                window, sampler);
        return measurement(id, label, workload, traffic, floor, route, "closed", connections, 0, 0, result, sampler);
    }

    private Measurement openWindow(Workload workload, LoadDriver.Route route, int connections, double rate,
            double fraction, String id, String label) throws Exception {
        WindowSampler sampler = sampler(id, workload.ledgers(), options.window());
        TransactionBodies bodies = bodies(workload, id);
        LoadResult result = driver.openLoop(workload, bodies, route, api.accessToken(), connections, rate,
                options.settle(), options.window(), sampler);
        return measurement(id, label, workload.name(), new PostTraffic(workload, bodies), floorOf(workload), route,
                "open", connections, fraction, rate, result, sampler);
    }

    private WindowSampler sampler(String id, List<UUID> ledgers, Duration window) {
        return new WindowSampler(id, window, processes, lagDatabase, ledgers, receiver);
    }

    private TransactionBodies bodies(Workload workload, String id) {
        return new TransactionBodies(workload.shape(), runId + "-" + id);
    }

    /**
     * @param traffic what the window sent: its ledgers, whether it wrote (a read window waits for no
     *        webhook), the bulk's size
     */
    private Measurement measurement(String id, String label, String workload, Traffic traffic, String floor,
            LoadDriver.Route route, String loop, int connections, double fraction, double rate, LoadResult result,
            WindowSampler sampler) throws Exception {
        requireUsable(label, result);
        double catchUpMs = awaitCaughtUp(traffic.ledgers(), options.drainTimeout())
                .map(caughtUpAt -> Math.max(0, (caughtUpAt - result.loadStoppedNanos()) / 1e6)).orElse(-1.0);
        if (catchUpMs < 0) {
            notes.add("After " + label + " the projection had not caught up within " + options.drainTimeout().toSeconds()
                    + " s.");
        }
        // deliveries still queued are waited for at the end; they still count for this window then
        if (traffic.writes()) {
            awaitWebhooks(traffic.ledgers(), webhookWait());
        }
        long committed = traffic.writes()
                ? database.eventsRecorded(traffic.ledgers(), sampler.fromMicros(), sampler.untilMicros()) : 0;
        Map<String, Double> cpu = sampler.cpuMsPerTransaction(result.transactions());
        double totalCpu = cpu.values().stream().mapToDouble(Double::doubleValue).sum();
        Percentiles webhook = receiver.latencies().latencies(id).map(Percentiles::ofMicros).orElse(Percentiles.NONE);
        Measurement m = new Measurement(id, label, workload, route.name(), loop, connections, fraction, rate,
                result.measuredSeconds(), result.transactions(), result.errors(), result.transactionsPerSecond(),
                Percentiles.ofMicros(result.latencyMicros()), cpu, totalCpu,
                sampler.generatorCpuMsPerTransaction(result.transactions()), sampler.largestRssMb(), sampler.largestLag(),
                catchUpMs, committed, webhook, floor);
        if (!traffic.writes()) {
            say("  %-50s %7s req/s  p50 %s  p99 %s ms  errors %d  CPU %s ms/req".formatted(label,
                    whole(m.txPerSecond()), decimal(m.latency().p50()), decimal(m.latency().p99()), m.errors(),
                    decimal(totalCpu)));
        } else {
            String ratio = report(null, floors, List.of(), List.of()).ratioToFloor(m).map(r -> decimal(r) + "×")
                    .orElse("—");
            String webhooks = webhook.count() == 0 ? "none yet"
                    : "p50 " + decimal(webhook.p50()) + " ms (" + whole(webhook.count()) + " so far)";
            String requests = traffic.itemsPerRequest() > 1 ? " in " + whole(result.requestsPerSecond()) + " req/s" : "";
            say("  %-50s %7s tx/s%s (%s floor)  p50 %s  p99 %s ms  errors %d  CPU %s ms/tx  caught up %s ms  webhooks %s"
                    .formatted(label, whole(m.txPerSecond()), requests, ratio, decimal(m.latency().p50()),
                            decimal(m.latency().p99()), m.errors(), decimal(totalCpu),
                            catchUpMs < 0 ? "never" : whole(catchUpMs), webhooks));
        }
        if (!result.errorSamples().isEmpty()) {
            say("    errors, e.g.: " + result.errorSamples());
        }
        return m;
    }

    private static String floorOf(Workload workload) {
        return switch (workload.name()) {
            case "uniform" -> FloorIds.UNIFORM;
            case "hot" -> FloorIds.HOT;
            case "four-postings" -> FloorIds.FOUR_POSTINGS;
            case "ten-ledgers" -> FloorIds.TEN_LEDGERS;
            default -> null;
        };
    }

    /** Stops the run when the stack rate-limits or refuses every request: its figures would mean nothing. */
    private static void requireUsable(String window, LoadResult result) {
        if (result.errorsByStatus().containsKey(429)) {
            throw new BenchSetupException("The gateway rate-limited the benchmark (429 during " + window + "). "
                    + BenchSetupException.HOW_TO_START);
        }
        if (result.transactions() == 0) {
            throw new BenchSetupException("Nothing was accepted during " + window + "; answers: "
                    + result.errorsByStatus() + ", e.g. " + result.errorSamples());
        }
    }

    private long preload() throws Exception {
        long stored = database.eventCount();
        say("Preloading the event store up to " + whole(options.preload()) + " events (" + whole(stored)
                + " stored), straight to the command service ...");
        int step = 0;
        String token = api.accessToken();
        long tokenTakenAt = System.nanoTime();
        while (stored < options.preload()) {
            if (System.nanoTime() - tokenTakenAt > PRELOAD_TOKEN_REUSE.toNanos()) {
                token = api.accessToken();
                tokenTakenAt = System.nanoTime();
            }
            Workload workload = Workload.uniform(uniformLedger());
            driver.closedLoop(workload, bodies(workload, "preload-" + step++), commandRoute(), token,
                    PRELOAD_CONNECTIONS, Duration.ZERO, PRELOAD_STEP, LoadDriver.WindowObserver.NONE);
            stored = database.eventCount();
            say("  " + whole(stored) + " events stored");
        }
        say("Waiting for the projection and the webhooks to catch up with the preload ...");
        if (awaitCaughtUp(List.of(uniformLedger()), PRELOAD_DRAIN_TIMEOUT).isEmpty()) {
            notes.add("The projection had not caught up with the preload within " + PRELOAD_DRAIN_TIMEOUT.toMinutes()
                    + " min when the preloaded window started.");
        }
        if (!awaitWebhooks(List.of(uniformLedger()), PRELOAD_DRAIN_TIMEOUT)) {
            notes.add("The webhooks of the preload had not all arrived within " + PRELOAD_DRAIN_TIMEOUT.toMinutes()
                    + " min when the preloaded window started.");
        }
        return stored;
    }

    // ---------------------------------------------------------------------------------------------
    // Reads at scale
    // ---------------------------------------------------------------------------------------------

    /**
     * The read-scale phase: fills its ledger through the API (unless an earlier run did), waits until the
     * projection has every event, then measures, closed loop: the statement account's statements, balances
     * as of a time and balance history, and the reports, through the gateway; the newest page of
     * transactions both ways at the connections of the small ledger's list window (which it is compared
     * with), and filtered pages through the gateway. A window whose first request is not answered 200 (a
     * report endpoint not deployed yet answers 404) is reported as not available, not measured; one that
     * got no answer in time is noted, and the next window runs.
     */
    private void measureReadScale(List<Measurement> measurements) throws Exception {
        BenchOptions.ReadScale scale = options.readScale();
        if (!scale.enabled()) {
            return;
        }
        UUID ledger = BenchOptions.READ_SCALE_LEDGER;
        ReadScalePlan plan = new ReadScalePlan(scale.transactions(), scale.accounts());
        readScale = seedReadScale(ledger, plan);
        long[] recorded = database.recordedRange(ledger)
                .orElseThrow(() -> new BenchSetupException("The read-scale ledger " + ledger + " has no transactions"));
        ReadScaleTraffic.Times times = new ReadScaleTraffic.Times(ReadScalePlan.EFFECTIVE_FROM,
                ReadScalePlan.EFFECTIVE_TO, micros(recorded[0]), micros(recorded[1]));
        int lists = options.readConnections().stream().mapToInt(Integer::intValue).max().orElse(scale.connections());
        say("Reads at scale: windows of " + scale.window().toSeconds() + " s on ledger "
                + BenchOptions.READ_SCALE_LEDGER_CODE + " ...");
        List<ReadScaleSummary.Unavailable> unavailable = new ArrayList<>();
        for (ReadScaleTraffic.Kind kind : ReadScaleTraffic.Kind.values()) {
            ReadScaleTraffic traffic = new ReadScaleTraffic(kind, ledger, plan, times, READ_PAGE);
            if (kind == ReadScaleTraffic.Kind.TRANSACTIONS) {
                readScaleWindow(traffic, projectorRoute(), lists, measurements, unavailable);
                readScaleWindow(traffic, gatewayRoute(), lists, measurements, unavailable);
            } else {
                int connections = kind.report() ? READ_SCALE_REPORT_CONNECTIONS : scale.connections();
                readScaleWindow(traffic, gatewayRoute(), connections, measurements, unavailable);
            }
        }
        readScale = readScale.withUnavailable(unavailable);
    }

    private void readScaleWindow(ReadScaleTraffic traffic, LoadDriver.Route route, int connections,
            List<Measurement> measurements, List<ReadScaleSummary.Unavailable> unavailable) throws Exception {
        ReadScaleTraffic.Kind kind = traffic.kind();
        String id = route.name() + "-" + kind.workload() + "-c" + connections;
        String label = kind.label() + ", " + route.name() + ", " + connections + " conn.";
        String probe = "/v1/ledgers/" + BenchOptions.READ_SCALE_LEDGER + traffic.pathSuffix(0, new SplittableRandom(1));
        LaasApi.Answer answer = api.get(api.accessToken(), probe);
        if (answer.status() != 200) {
            say("  %-50s not available (%d)".formatted(label, answer.status()));
            unavailable.add(new ReadScaleSummary.Unavailable(id, label, kind.workload(), answer.status()));
            if (answer.status() != 404) {
                String body = answer.body().length() > 300 ? answer.body().substring(0, 300) + " …" : answer.body();
                notes.add("Reads at scale: " + label + " was not measured: `GET " + probe + "` was answered "
                        + answer.status() + " " + body);
            }
            return;
        }
        try {
            measurements.add(closedWindow(traffic, kind.workload(), null, route, connections, id, label,
                    options.readScale().window()));
        } catch (BenchSetupException | IllegalStateException e) {
            // e.g. reads that take longer than the request timeout: the other windows are still worth having
            say("  %-50s nothing measured: %s".formatted(label, e.getMessage()));
            unavailable.add(new ReadScaleSummary.Unavailable(id, label, kind.workload(), 0));
            notes.add("Reads at scale: " + label + " measured nothing: " + e.getMessage());
        }
    }

    /** Opens the accounts and posts the transactions the ledger does not have yet, then waits for the projection. */
    private ReadScaleSummary seedReadScale(UUID ledger, ReadScalePlan plan) throws Exception {
        BenchOptions.ReadScale scale = options.readScale();
        String code = BenchOptions.READ_SCALE_LEDGER_CODE;
        long existing = database.postedTransactions(List.of(ledger)).getOrDefault(ledger, 0L);
        if (existing > plan.transactions()) {
            throw new BenchSetupException("The read-scale ledger " + code + " holds " + whole(existing) + " transactions, "
                    + "more than --read-scale-transactions " + plan.transactions() + ": ask for " + existing
                    + ", or start the stack with --fresh. " + BenchSetupException.HOW_TO_START);
        }
        double accountSeconds = 0;
        double seedSeconds = 0;
        double catchUp = Double.NaN;
        double webhookCatchUp = Double.NaN;
        long posted = 0;
        try (ReadScaleSeeder seeder = new ReadScaleSeeder(vertx, options.command(), scale.seedConnections(),
                api.accessToken())) {
            if (database.accountCount(ledger) < plan.allAccounts()) {
                say("Reads at scale: opening " + whole(plan.allAccounts()) + " accounts in ledger " + code
                        + ", one at a time, straight to the command service ...");
                long start = System.nanoTime();
                int opened = awaitSeeding(seeder.createAccounts(ledger, plan.accounts()), seeder,
                        () -> "  " + whole(database.accountCount(ledger)) + " accounts");
                accountSeconds = (System.nanoTime() - start) / 1e9;
                say("  " + whole(opened) + " accounts opened in " + decimal(accountSeconds) + " s");
            }
            if (existing == plan.transactions()) {
                say("Reads at scale: ledger " + code + " already holds its " + whole(existing)
                        + " transactions (seeded by an earlier run)");
                awaitReadScaleProjection(ledger, System.nanoTime(), "now");
            } else {
                say("Reads at scale: posting " + whole(plan.transactions()) + " transactions (" + whole(existing)
                        + " there already) in bulks of " + whole(ReadScalePlan.BULK_SIZE) + ", "
                        + scale.seedConnections() + " connections straight to the command service ...");
                long start = System.nanoTime();
                long[] previous = { start, 0 };
                awaitSeeding(seeder.postTransactions(ledger, plan, scale.seedConnections()), seeder, () -> {
                    long now = System.nanoTime();
                    long done = seeder.posted() + seeder.replayed();
                    double rate = (done - previous[1]) / ((now - previous[0]) / 1e9);
                    previous[0] = now;
                    previous[1] = done;
                    return "  %s of %s transactions (%s tx/s), projection %s events behind".formatted(whole(done),
                            whole(plan.transactions()), whole(rate), whole(lagDatabase.projectionBehind(List.of(ledger))));
                });
                long end = System.nanoTime();
                posted = seeder.posted();
                seedSeconds = (end - start) / 1e9;
                say("  %s posted (%s there already) in %s s: %s tx/s%s".formatted(whole(posted), whole(seeder.replayed()),
                        decimal(seedSeconds), whole(posted / seedSeconds),
                        seeder.retried() > 0 ? "; " + whole(seeder.retried()) + " sent again after a 5xx or no answer" : ""));
                if (seeder.retried() > 0) {
                    notes.add("Reads at scale: " + whole(seeder.retried()) + " transactions or accounts of the seeding were "
                            + "answered 5xx or not at all and sent again.");
                }
                catchUp = awaitReadScaleProjection(ledger, end, "after the last answer");
                webhookCatchUp = awaitWebhookService(ledger, end);
            }
        }
        awaitProjectorStatistics();
        return new ReadScaleSummary(code, plan.transactions(), plan.allAccounts(), plan.postingAccounts(),
                plan.statementPostings(), posted, scale.seedConnections(), accountSeconds, seedSeconds, catchUp,
                webhookCatchUp, List.of());
    }

    /** A line of progress, now and then. */
    private interface Progress {
        String line() throws Exception;
    }

    /** Waits for the seeder, saying how far it is every few seconds and renewing its token before it expires. */
    private <T> T awaitSeeding(Future<T> seeding, ReadScaleSeeder seeder, Progress progress)
            throws Exception {
        CompletableFuture<T> done = seeding.toCompletionStage().toCompletableFuture();
        long tokenTakenAt = System.nanoTime();
        while (true) {
            try {
                return done.get(READ_SCALE_PROGRESS.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                say(progress.line());
                if (System.nanoTime() - tokenTakenAt > PRELOAD_TOKEN_REUSE.toNanos()) {
                    seeder.token(api.accessToken());
                    tokenTakenAt = System.nanoTime();
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof BenchSetupException setup) {
                    throw setup;
                }
                throw new BenchSetupException("Seeding the read-scale ledger failed: " + e.getCause());
            }
        }
    }

    /**
     * Polls {@code GET …/projection} until nothing is behind and the projected sequence is the ledger's
     * last written one.
     *
     * @param since what {@code sinceNanos} is, for the console
     * @return seconds from {@code sinceNanos}; negative if the wait ran out
     */
    private double awaitReadScaleProjection(UUID ledger, long sinceNanos, String since) throws Exception {
        say("  waiting for the projection to apply every event of the ledger ...");
        long deadline = System.nanoTime() + READ_SCALE_CATCH_UP_TIMEOUT.toNanos();
        String token = api.accessToken();
        long tokenTakenAt = System.nanoTime();
        long saidAt = System.nanoTime();
        while (true) {
            long written = database.writeSequences(List.of(ledger)).getOrDefault(ledger, 0L);
            if (System.nanoTime() - tokenTakenAt > PRELOAD_TOKEN_REUSE.toNanos()) {
                token = api.accessToken();
                tokenTakenAt = System.nanoTime();
            }
            JsonNode projection = api.projection(token, ledger);
            long projected = projection.path("projected_sequence").asLong();
            long now = System.nanoTime();
            if (projection.path("events_behind").asLong() == 0 && projected == written) {
                double seconds = (now - sinceNanos) / 1e9;
                say("  projection caught up " + (since.equals("now") ? "" : decimal(seconds) + " s " + since + " ")
                        + "(sequence " + whole(written) + ")");
                return seconds;
            }
            if (now > deadline) {
                notes.add("Reads at scale: the projection had not applied every event of the ledger within "
                        + READ_SCALE_CATCH_UP_TIMEOUT.toMinutes() + " min (" + whole(projected) + " of " + whole(written)
                        + ", " + projection.path("status").asText() + "); the windows ran alongside it.");
                return -1;
            }
            if (now - saidAt > READ_SCALE_PROGRESS.toNanos()) {
                say("  projection at %s of %s (%s)".formatted(whole(projected), whole(written),
                        projection.path("status").asText()));
                saidAt = now;
            }
            Thread.sleep(200);
        }
    }

    /**
     * Waits until the webhook service has stored every event of the ledger (it has no endpoint there, but
     * stores each event), so that the windows run on a quiet stack and the final checks find them all.
     *
     * @return seconds from {@code sinceNanos}; negative if the wait ran out
     */
    private double awaitWebhookService(UUID ledger, long sinceNanos) throws Exception {
        long deadline = System.nanoTime() + READ_SCALE_WEBHOOK_TIMEOUT.toNanos();
        while (true) {
            long missing = database.eventsNotAtWebhookService(List.of(ledger));
            long now = System.nanoTime();
            if (missing == 0) {
                double seconds = (now - sinceNanos) / 1e9;
                say("  the webhook service had every event " + decimal(seconds) + " s after the last answer");
                return seconds;
            }
            if (now > deadline) {
                notes.add("Reads at scale: the webhook service still lacked " + whole(missing) + " events of the ledger "
                        + READ_SCALE_WEBHOOK_TIMEOUT.toMinutes() + " min after the seeding; the windows ran alongside it.");
                return -1;
            }
            say("  the webhook service lacks " + whole(missing) + " events of the ledger");
            Thread.sleep(2_000);
        }
    }

    /**
     * Waits until autovacuum has analysed the projector's tables after the bulk load (it looks every
     * minute), so that the windows measure the plans of a settled database rather than those of the minute
     * after an import; bounded, and noted when the wait runs out.
     */
    private void awaitProjectorStatistics() throws Exception {
        long deadline = System.nanoTime() + READ_SCALE_ANALYZE_TIMEOUT.toNanos();
        long start = System.nanoTime();
        List<String> waiting = database.projectorTablesAwaitingAnalyze();
        if (waiting.isEmpty()) {
            return;
        }
        say("  waiting for autovacuum to analyse the projector's tables " + waiting + " ...");
        while (!waiting.isEmpty()) {
            if (System.nanoTime() > deadline) {
                notes.add("Reads at scale: autovacuum had not analysed the projector's tables " + waiting + " "
                        + READ_SCALE_ANALYZE_TIMEOUT.toMinutes() + " min after the seeding: the windows ran with the "
                        + "statistics of smaller tables.");
                return;
            }
            Thread.sleep(2_000);
            waiting = database.projectorTablesAwaitingAnalyze();
        }
        say("  analysed after " + decimal((System.nanoTime() - start) / 1e9) + " s");
    }

    private static Instant micros(long epochMicros) {
        return Instant.EPOCH.plus(epochMicros, ChronoUnit.MICROS);
    }

    // ---------------------------------------------------------------------------------------------
    // Webhook fan-out
    // ---------------------------------------------------------------------------------------------

    private void measureWebhookFanOut() throws Exception {
        long webhookPid = processes.groups().stream().filter(g -> g.name().equals("webhook")).findFirst().orElseThrow()
                .pid();
        try {
            webhookFanOut = new FanOutPhase(options, vertx, api, driver, database, webhookPid, runId, BenchRun::say,
                    notes::add).run();
            // the consistency checks compare the projection of every ledger, this one's included
            if (awaitCaughtUp(List.of(BenchOptions.WEBHOOK_LEDGER), options.drainTimeout()).isEmpty()) {
                notes.add("The projection of " + BenchOptions.WEBHOOK_LEDGER_CODE + " had not caught up within "
                        + options.drainTimeout().toSeconds() + " s after the webhook phase.");
            }
        } catch (BenchSetupException e) {
            say("The webhook phase stopped: " + e.getMessage());
            notes.add("The webhook phase stopped: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Draining and checks
    // ---------------------------------------------------------------------------------------------

    /** Waits until the projection has every event of these ledgers; returns when ({@link System#nanoTime()}). */
    private Optional<Long> awaitCaughtUp(List<UUID> ledgers, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (lagDatabase.projectionBehind(ledgers) == 0) {
                return Optional.of(System.nanoTime());
            }
            if (System.nanoTime() > deadline) {
                return Optional.empty();
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** Waits until the receiver has every event committed since it was registered; false on timeout. */
    private boolean awaitWebhooks(List<UUID> ledgers, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (webhooksMissing(ledgers) == 0) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
    }

    private Duration webhookWait() {
        return options.drainTimeout().compareTo(WEBHOOK_WAIT) < 0 ? options.drainTimeout() : WEBHOOK_WAIT;
    }

    private long webhooksMissing(List<UUID> ledgers) throws SQLException {
        Map<UUID, Long> written = database.writeSequences(ledgers);
        long missing = 0;
        for (UUID ledger : ledgers) {
            missing += receiver.missingCount(ledger, webhookExpectedAfter.getOrDefault(ledger, 0L),
                    written.getOrDefault(ledger, 0L));
        }
        return missing;
    }

    private List<String> finalChecks() throws Exception {
        Duration wait = options.drainTimeout().multipliedBy(2);
        say("Checking consistency (waiting up to " + wait.toSeconds() + " s for the projection and the webhook service "
                + "first) ...");
        long deadline = System.nanoTime() + wait.toNanos();
        List<UUID> checked = new ArrayList<>(options.ledgers());
        if (options.readScale().enabled()) {
            checked.add(BenchOptions.READ_SCALE_LEDGER);
        }
        while (System.nanoTime() < deadline && (database.projectionBehind(checked) > 0
                || database.eventsNotAtWebhookService(checked) > 0)) {
            Thread.sleep(200);
        }
        // deliveries still queued at the webhook service are told apart from lost ones below
        awaitWebhooks(options.ledgers(), webhookWait());
        List<String> problems = new ArrayList<>(database.consistencyProblems());
        problems.addAll(postedAsAnswered());
        Map<UUID, Long> written = database.writeSequences(options.ledgers());
        long queued = 0;
        for (UUID ledger : options.ledgers()) {
            List<Long> missing = receiver.missing(ledger, webhookExpectedAfter.getOrDefault(ledger, 0L),
                    written.getOrDefault(ledger, 0L), Integer.MAX_VALUE);
            if (missing.isEmpty()) {
                continue;
            }
            // The service records a success after the receiver has the request: read its states first, then
            // the receiver again, so a delivery that succeeded in between is not taken for a lost one.
            Map<Long, String> states = database.deliveryStates(ledger, missing);
            List<Long> stillMissing = receiver.missing(ledger, webhookExpectedAfter.getOrDefault(ledger, 0L),
                    written.getOrDefault(ledger, 0L), Integer.MAX_VALUE);
            List<Long> lost = stillMissing.stream().filter(s -> !"pending".equals(states.get(s))).toList();
            queued += stillMissing.size() - lost.size();
            if (!lost.isEmpty()) {
                Map<String, Long> byState = new java.util.TreeMap<>();
                lost.forEach(s -> byState.merge(String.valueOf(states.get(s)), 1L, Long::sum));
                problems.add("the webhook receiver never got " + lost.size() + " event(s) of ledger "
                        + ledger + " committed after its endpoint was registered, and the webhook service does not "
                        + "have them queued (their deliveries by state: " + byState + "), e.g. sequences "
                        + lost.subList(0, Math.min(5, lost.size())));
            }
        }
        if (queued > 0) {
            notes.add(whole(queued) + " webhooks were still queued (pending) at the webhook service when the run ended: "
                    + "delivered later, they are not in the webhook figures (see \"webhooks received\").");
        }
        if (receiver.unreadable() > 0) {
            problems.add(receiver.unreadable() + " webhook deliveries had no readable ledger_id, sequence and recorded_at");
        }
        if (receiver.duplicates() > 0) {
            notes.add(whole(receiver.duplicates()) + " webhook deliveries repeated an event already received "
                    + "(at-least-once delivery; counted once).");
        }
        return problems;
    }

    /**
     * Every transaction the load generator was answered 201 for — a single post, or an item of a bulk — is
     * in the event store, and nothing else was posted: the {@code transaction.posted} events each ledger
     * gained since the set-up equal the generator's tally, give or take the transactions whose request got
     * no answer or a 5xx (posted or not, nobody knows). The checks of the database then carry the same count
     * on to the projection (its transactions) and the webhooks (every event by sequence).
     */
    private List<String> postedAsAnswered() throws SQLException {
        List<String> problems = new ArrayList<>();
        Map<UUID, Long> now = database.postedTransactions(options.ledgers());
        Map<UUID, Long> answered = driver.posted();
        Map<UUID, Long> uncertain = driver.uncertain();
        long unknown = 0;
        long unknownPosted = 0;
        for (UUID ledger : options.ledgers()) {
            long recorded = now.getOrDefault(ledger, 0L) - postedBeforeLoad.getOrDefault(ledger, 0L);
            long accepted = answered.getOrDefault(ledger, 0L);
            long maybe = uncertain.getOrDefault(ledger, 0L);
            if (recorded < accepted || recorded > accepted + maybe) {
                problems.add("the event store's transactions differ from what the load generator was answered (ledger "
                        + ledger + "): " + whole(accepted) + " posted (single posts and bulk items answered 201)"
                        + (maybe > 0 ? " and " + whole(maybe) + " of unknown outcome (no answer or 5xx)" : "") + ", but "
                        + whole(recorded) + " transaction.posted events since the set-up");
            }
            unknown += maybe;
            unknownPosted += Math.max(0, recorded - accepted);
        }
        if (unknown > 0) {
            notes.add(whole(unknown) + " transactions got no answer or a 5xx; " + whole(unknownPosted)
                    + " of them were posted all the same.");
        }
        say("Transactions posted by the load generator: " + whole(answered.values().stream().mapToLong(Long::longValue)
                .sum()) + " answered 201 (single posts and bulk items), " + whole(now.values().stream()
                .mapToLong(Long::longValue).sum() - postedBeforeLoad.values().stream().mapToLong(Long::longValue).sum())
                + " transaction.posted events since the set-up");
        return problems;
    }

    // ---------------------------------------------------------------------------------------------
    // Report
    // ---------------------------------------------------------------------------------------------

    private void writeReport(BenchReport report) throws IOException {
        List<TargetResult> targets = Targets.evaluate(report);
        Path chartsDirectory = options.chartsDirectory();
        Path resultsFile = chartsDirectory.resolve(ResultsJson.FILE);
        Map<String, Double> published = ResultsJson.throughputs(resultsFile);
        List<MarkdownReport.Chart> charts = new ArrayList<>();
        for (Path chart : Charts.write(report, chartsDirectory)) {
            String relative = options.report().toAbsolutePath().getParent().relativize(chart.toAbsolutePath()).toString();
            charts.add(new MarkdownReport.Chart(chart.getFileName().toString().equals(Charts.THROUGHPUT)
                    ? "Throughput by connections" : "Latency percentiles", relative));
        }
        String generated = MarkdownReport.render(report, targets, charts, published);
        MarkdownReport.writeInto(options.report(), generated, "# LaaS benchmarks\n");
        ResultsJson.write(resultsFile, report, targets);
        System.out.println("\n" + generated);
        say("Report: " + options.report() + " (charts and results.json in " + chartsDirectory + ")");
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------

    private UUID uniformLedger() {
        return options.ledgers().get(0);
    }

    private LoadDriver.Route gatewayRoute() {
        return new LoadDriver.Route("gateway", options.gateway());
    }

    private LoadDriver.Route commandRoute() {
        return new LoadDriver.Route("command", options.command());
    }

    private LoadDriver.Route projectorRoute() {
        return new LoadDriver.Route("projector", options.projector());
    }

    private String gitCommit() {
        return git("rev-parse", "--short", "HEAD").orElse("unknown");
    }

    private boolean gitDirty() {
        return git("status", "--porcelain", "--untracked-files=no").map(s -> !s.isBlank()).orElse(false);
    }

    private Optional<String> git(String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", options.repoRoot().toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 ? Optional.of(output) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static String machine() {
        String cpu = "unknown CPU";
        long memoryKb = 0;
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
            memoryKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(line -> line.startsWith("MemTotal:"))
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", ""))).findFirst().orElse(0L);
        } catch (IOException | RuntimeException e) {
            // described as unknown
        }
        return cpu + (memoryKb > 0 ? ", " + Math.round(memoryKb / 1024.0 / 1024.0) + " GB RAM" : "");
    }

    static void say(String line) {
        System.out.println("[" + Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().substring(11, 19) + "] " + line);
    }

    private void close() {
        if (receiver != null) {
            receiver.close();
        }
        if (api != null) {
            api.close();
        }
        for (StackDatabase db : new StackDatabase[] { database, lagDatabase }) {
            if (db != null) {
                try {
                    db.close();
                } catch (SQLException e) {
                    // closing anyway
                }
            }
        }
    }
}
