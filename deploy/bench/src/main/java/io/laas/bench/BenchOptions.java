package io.laas.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * How a run is configured: command-line options over environment variables over defaults. Addresses
 * follow the local stack's variables ({@code LAAS_GATEWAY_PORT}, … as in {@code deploy/local/up}).
 */
public record BenchOptions(URI gateway, URI command, URI projector, Ports ports, Database database, String clientId,
        String clientSecret, List<UUID> ledgers, List<Integer> connections, List<Integer> commandConnections,
        int bulkSize, List<Integer> bulkConnections, List<Integer> readConnections, List<Double> openLoopFractions, Duration warmup, Duration settle, Duration window, Duration floorWindow,
        int floorClients, Duration drainTimeout, long preload, ReadScale readScale, boolean quick, int webhookPort,
        String pgbench, Path repoRoot, Path report, List<String> arguments, WebhookPhase webhookPhase) {

    /**
     * The webhook phase: {@code rate} transactions per second to the webhook ledger, fanned out to
     * {@code endpoints} fast endpoints for {@code window}, then next to one endpoint that takes {@code slow} per
     * request for {@code window} again, then a backlog of {@code backlog} deliveries built while the webhook
     * service is stopped; {@code only}: nothing else runs (for development; no report is written).
     */
    public record WebhookPhase(boolean enabled, boolean only, double rate, int endpoints, Duration window, Duration slow,
            long backlog) {
    }

    /**
     * The read-scale phase: a ledger of {@code transactions} (0: no phase) over {@code accounts} posting
     * accounts, seeded with bulks over {@code seedConnections}; its statement, balance, history and
     * filtered-list windows at {@code connections}, each window measured for {@code window}.
     */
    public record ReadScale(long transactions, int accounts, int seedConnections, int connections, Duration window) {

        public boolean enabled() {
            return transactions > 0;
        }
    }

    /** Where the stack's processes listen: how their CPU and memory are found. */
    public record Ports(int gateway, int iam, int command, int projector, int webhook, int postgres, int kafka) {
    }

    /**
     * The stack's PostgreSQL: the services' role (owner of the floor's database) and a superuser, which creates
     * the floor's database and reads the services' schemas (read only) past row-level security.
     */
    public record Database(String host, int port, String name, String user, String password, String superUser,
            String superPassword) {

        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + name;
        }
    }

    /** The ten ledgers of {@code deploy/bench/tenants.yml}; the first carries the single-ledger workloads. */
    public static final List<UUID> BENCH_LEDGERS = IntStream.rangeClosed(1, 10)
            .mapToObj(i -> UUID.fromString("b0000000-0000-0000-0000-0000000001%02d".formatted(i))).toList();

    /** The ledger of the read-scale phase ({@code bench-reads} in {@code deploy/bench/tenants.yml}). */
    public static final UUID READ_SCALE_LEDGER = UUID.fromString("b0000000-0000-0000-0000-000000000111");
    public static final String READ_SCALE_LEDGER_CODE = "bench-reads";

    /** The ledger of the webhook phase ({@code bench-hooks} in {@code deploy/bench/tenants.yml}). */
    public static final UUID WEBHOOK_LEDGER = UUID.fromString("b0000000-0000-0000-0000-000000000112");
    public static final String WEBHOOK_LEDGER_CODE = "bench-hooks";

    /** Most transactions the API takes in one bulk request. */
    public static final int MAX_BULK_SIZE = 1000;

    public static final String USAGE = """
            deploy/bench/run [options]   benchmark a running local stack against the SQL floor

              --quick                   short smoke run (report under deploy/bench/target/, not docs/)
              --preload N               then fill the event store up to N events and measure the peak
                                        gateway window again (history's cost: target ≥ 0.9×)
              --connections 4,16,64     closed-loop connection counts through the gateway
              --command-connections 16,64  closed-loop connection counts straight to the command service
              --bulk-size 100           transactions per bulk request (1-1000)
              --bulk-connections 4,16   closed-loop connection counts of the bulk windows (gateway)
              --read-connections 16,64  closed-loop connection counts of the read windows (gateway and projector)
              --rates 0.25,0.5,0.75     open-loop rates as fractions of the peak gateway throughput
              --warmup S  --settle S  --window S  --floor-window S   durations in seconds
              --floor-clients N         pgbench clients of the per-commit floor scripts (16)
              --read-scale-transactions N  transactions of the read-scale ledger (1000000; --quick 20000; 0: no
                                        read-scale phase): statements, balances as of a time, reports and lists on
                                        a big ledger, seeded in bulks of 1,000 straight to the command service
              --read-scale-accounts N   its accounts that take postings (10000; --quick 1000), with 25 groups
                                        above them
              --read-scale-seed-connections N  connections of the seeding's bulk requests (4)
              --read-scale-connections N  connections of its statement, balance, history and filtered-list
                                        windows (16); reports 2, the unfiltered list as --read-connections
              --read-scale-window S     measured part of each of its windows (10; --quick 5)
              --drain-timeout S         longest wait for the projection and webhooks after a window
              --webhook-port N          the loopback webhook receiver's port (LAAS_BENCH_WEBHOOK_PORT, 8089); the
                                        webhook phase's receiver listens on the next one
              --webhook-rate N          transactions/s of the webhook phase (100), each delivered to
              --webhook-endpoints N     fast endpoints (10), then also to one taking 10 s per request
              --webhook-window S        each of its two load parts (30; --quick 10)
              --webhook-backlog N       deliveries owed after the webhook service's outage (10000; --quick 2000;
                                        0: no webhook phase)
              --webhook-only            run the webhook phase alone (no report written; for development)
              --gateway URL  --command URL  --projector URL
                                        (default http://127.0.0.1:LAAS_GATEWAY_PORT / LAAS_COMMAND_PORT / LAAS_PROJECTOR_PORT)
              --pgbench PATH            (PGBENCH, default pgbench)
              --report PATH             (docs/benchmarks.md; charts and results.json in docs/benchmarks/)

            Environment: LAAS_GATEWAY_PORT, LAAS_IAM_PORT, LAAS_COMMAND_PORT, LAAS_PROJECTOR_PORT, LAAS_WEBHOOK_PORT,
            LAAS_POSTGRES_PORT, LAAS_KAFKA_PORT (as for deploy/local/up), LAAS_BENCH_CLIENT_SECRET,
            LAAS_BENCH_PG_SUPERUSER / LAAS_BENCH_PG_SUPERPASSWORD (postgres / postgres).

            The stack must run with the benchmark's tenants and without the gateway's rate limit:
              LAAS_TENANTS_FILE=deploy/bench/tenants.yml LAAS_GATEWAY_RATE_LIMIT_ENABLED=false deploy/local/up --fresh
            """;

    public static BenchOptions parse(String[] args, Map<String, String> env, Path repoRoot) {
        Arguments given = new Arguments(args);
        boolean quick = given.flag("--quick");
        Ports ports = new Ports(port(env, "LAAS_GATEWAY_PORT", 8080), port(env, "LAAS_IAM_PORT", 8081),
                port(env, "LAAS_COMMAND_PORT", 8082), port(env, "LAAS_PROJECTOR_PORT", 8083),
                port(env, "LAAS_WEBHOOK_PORT", 8084), port(env, "LAAS_POSTGRES_PORT", 55432),
                port(env, "LAAS_KAFKA_PORT", 59092));
        URI gateway = URI.create(given.value("--gateway", "http://127.0.0.1:" + ports.gateway()));
        URI command = URI.create(given.value("--command", "http://127.0.0.1:" + ports.command()));
        URI projector = URI.create(given.value("--projector", "http://127.0.0.1:" + ports.projector()));
        Database database = new Database("127.0.0.1", ports.postgres(), "laas", "laas", "laas",
                env.getOrDefault("LAAS_BENCH_PG_SUPERUSER", "postgres"),
                env.getOrDefault("LAAS_BENCH_PG_SUPERPASSWORD", "postgres"));
        Path report = repoRoot.resolve(given.value("--report",
                quick ? "deploy/bench/target/benchmarks.md" : "docs/benchmarks.md"));
        BenchOptions options = new BenchOptions(gateway, command, projector, ports, database, "bench-client",
                env.getOrDefault("LAAS_BENCH_CLIENT_SECRET", "bench-secret"), BENCH_LEDGERS,
                given.list("--connections", quick ? "16" : "4,16,64", Integer::parseInt),
                given.list("--command-connections", quick ? "16" : "16,64", Integer::parseInt),
                Integer.parseInt(given.value("--bulk-size", "100")),
                given.list("--bulk-connections", quick ? "4" : "4,16", Integer::parseInt),
                given.list("--read-connections", quick ? "16" : "16,64", Integer::parseInt),
                given.list("--rates", quick ? "0.5" : "0.25,0.5,0.75", Double::parseDouble),
                seconds(given.value("--warmup", quick ? "10" : "30")),
                seconds(given.value("--settle", quick ? "2" : "5")),
                seconds(given.value("--window", quick ? "5" : "20")),
                seconds(given.value("--floor-window", quick ? "5" : "20")),
                Integer.parseInt(given.value("--floor-clients", "16")),
                seconds(given.value("--drain-timeout", quick ? "30" : "60")),
                Long.parseLong(given.value("--preload", "0").replace("_", "")),
                new ReadScale(Long.parseLong(given.value("--read-scale-transactions", quick ? "20000" : "1000000")
                        .replace("_", "")),
                        Integer.parseInt(given.value("--read-scale-accounts", quick ? "1000" : "10000").replace("_", "")),
                        Integer.parseInt(given.value("--read-scale-seed-connections", "4")),
                        Integer.parseInt(given.value("--read-scale-connections", "16")),
                        seconds(given.value("--read-scale-window", quick ? "5" : "10"))),
                quick,
                Integer.parseInt(given.value("--webhook-port", env.getOrDefault("LAAS_BENCH_WEBHOOK_PORT", "8089"))),
                given.value("--pgbench", env.getOrDefault("PGBENCH", "pgbench")),
                repoRoot, report, List.of(args),
                webhookPhase(given, quick));
        given.rejectUnknown();
        options.validate();
        return options;
    }

    private static WebhookPhase webhookPhase(Arguments given, boolean quick) {
        boolean only = given.flag("--webhook-only");
        long backlog = Long.parseLong(given.value("--webhook-backlog", quick ? "2000" : "10000").replace("_", ""));
        return new WebhookPhase(backlog > 0 || only, only, Double.parseDouble(given.value("--webhook-rate", "100")),
                Integer.parseInt(given.value("--webhook-endpoints", "10")),
                seconds(given.value("--webhook-window", quick ? "10" : "30")), Duration.ofSeconds(10), backlog);
    }

    private void validate() {
        if (webhookPhase.rate() <= 0 || webhookPhase.endpoints() < 1 || webhookPhase.window().isZero()
                || webhookPhase.window().isNegative() || webhookPhase.backlog() < 0) {
            throw new IllegalArgumentException("--webhook-rate, --webhook-endpoints and --webhook-window must be "
                    + "positive, --webhook-backlog not negative");
        }
        if (connections.isEmpty() || connections.stream().anyMatch(c -> c < 1)
                || commandConnections.stream().anyMatch(c -> c < 1) || bulkConnections.stream().anyMatch(c -> c < 1)
                || readConnections.stream().anyMatch(c -> c < 1)) {
            throw new IllegalArgumentException("connection counts must be at least 1");
        }
        if (bulkSize < 1 || bulkSize > MAX_BULK_SIZE) {
            throw new IllegalArgumentException("--bulk-size must be 1-" + MAX_BULK_SIZE + " (the API's limit)");
        }
        if (openLoopFractions.stream().anyMatch(f -> !(f > 0) || f > 1)) {
            throw new IllegalArgumentException("--rates are fractions of the peak rate, in (0, 1]");
        }
        if (warmup.isNegative() || settle.isNegative() || window.isZero() || window.isNegative() || floorWindow.isZero()) {
            throw new IllegalArgumentException("--window and --floor-window must be positive, --warmup and --settle not negative");
        }
        if (preload < 0) {
            throw new IllegalArgumentException("--preload must not be negative");
        }
        if (readScale.transactions() < 0 || readScale.accounts() < 3 || readScale.seedConnections() < 1
                || readScale.connections() < 1 || readScale.window().isZero() || readScale.window().isNegative()) {
            throw new IllegalArgumentException("--read-scale-transactions must not be negative, --read-scale-accounts "
                    + "must be at least 3, its connections at least 1 and its window positive");
        }
    }

    /** The charts and {@code results.json} go into a folder named after the report: docs/benchmarks/. */
    public Path chartsDirectory() {
        String name = report.getFileName().toString();
        return report.resolveSibling(name.endsWith(".md") ? name.substring(0, name.length() - 3) : name + ".d");
    }

    /** The options as given, for the report. */
    public String commandLine() {
        return String.join(" ", arguments);
    }

    public int largestConnections() {
        return connections.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    private static Duration seconds(String value) {
        return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
    }

    /** The command line, consumed option by option so that anything left over is an error. */
    private static final class Arguments {
        private final List<String> rest;

        Arguments(String[] args) {
            this.rest = new ArrayList<>(Arrays.asList(args));
        }

        boolean flag(String name) {
            return rest.remove(name);
        }

        String value(String name, String fallback) {
            int at = rest.indexOf(name);
            if (at < 0) {
                return fallback;
            }
            if (at + 1 >= rest.size()) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = rest.get(at + 1);
            rest.subList(at, at + 2).clear();
            return value;
        }

        <T> List<T> list(String name, String fallback, Function<String, T> parse) {
            return Arrays.stream(value(name, fallback).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .map(parse).toList();
        }

        void rejectUnknown() {
            if (!rest.isEmpty()) {
                throw new IllegalArgumentException("unknown option(s): " + String.join(" ", rest));
            }
        }
    }
}
