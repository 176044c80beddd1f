package io.laas.local.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.laas.local.DemoTenant;
import io.laas.local.LocalInfra;
import io.laas.local.LocalStack;
import io.laas.local.PostgresServer;
import io.laas.local.ServiceProcess;
import io.laas.local.KafkaBroker;

/**
 * {@code laas up}: starts PostgreSQL, Kafka, the five services (and replicas asked for) and the demo tenant, then
 * supervises the services until {@code laas down}, Ctrl-C or SIGTERM.
 */
final class UpCommand {

    static final Subcommand COMMAND = new Subcommand("up", "up [--fresh] [--build] [-d]",
            "Starts PostgreSQL, Kafka and the five services with the demo tenant, and keeps them running.",
            """
            Stays in the foreground (Ctrl-C stops everything) unless --detach. Builds what is missing first (the
            services, the launcher). Data is kept from the last run unless --fresh. A service that dies is started
            again after 1 s, 2 s, 4 s, ... (at most 30 s; back to 1 s once it has run for a minute); each restart is
            logged here and counted in laas status. Refuses to start when one of its ports is taken. A service
            that exits while starting is reported (exit code, last 20 lines of its log) and tried twice more
            before up gives up.

            Ports: gateway 8080, services 8081-8084 (management ports +1000), PostgreSQL 55432, Kafka 59092-59093;
            LAAS_GATEWAY_PORT, LAAS_IAM_PORT, LAAS_COMMAND_PORT, LAAS_PROJECTOR_PORT, LAAS_WEBHOOK_PORT,
            LAAS_*_MANAGEMENT_PORT, LAAS_POSTGRES_PORT and LAAS_KAFKA_PORT change them. LAAS_DATA_DIR moves the data,
            logs and state file (default deploy/local/.data); LAAS_TENANTS_FILE the tenants (deploy/local/tenants.yml).
            LAAS_PROJECTOR_REPLICAS=2 and LAAS_COMMAND_REPLICAS=2 add replicas on free ports.
            LAAS_READY_TIMEOUT_SECONDS (180) is how long a service may take to become ready.
            """,
            List.of(Subcommand.Option.flag("fresh", null, "start from empty data"),
                    Subcommand.Option.flag("build", null, "rebuild the services and the launcher first"),
                    Subcommand.Option.flag("detach", 'd', "run in the background once started (output in <data>/laas-up.log)")),
            0, 0, false, UpCommand::run);

    /** A service that exits while the stack starts is started again twice, after 1 s and 2 s, before up gives up. */
    static final List<Duration> START_RETRIES = List.of(RestartBackoff.DEFAULT.delay(1), RestartBackoff.DEFAULT.delay(2));

    private UpCommand() {
    }

    static int run(Invocation invocation, CliContext context) throws Exception {
        Optional<StackState> running = StackState.readLive(context.dataDir());
        if (running.isPresent()) {
            context.err().printf("LaaS is running already (supervisor pid %d, %s); deploy/local/laas status shows it,"
                    + " deploy/local/laas down stops it%n", running.get().supervisorPid(), running.get().gatewayUrl());
            return 1;
        }
        LocalStack.Ports ports = LocalStack.Ports.defaults();
        List<String> taken = PortCheck.taken(ports);
        if (!taken.isEmpty()) {
            taken.forEach(context.err()::println);
            context.err().println("Nothing was started. Stop that process, or choose other ports (deploy/local/laas up --help).");
            return 1;
        }
        if (invocation.flag("detach")) {
            return detach(invocation, context);
        }
        return runInForeground(invocation.flag("fresh"), ports, context);
    }

    private static int runInForeground(boolean fresh, LocalStack.Ports ports, CliContext context) throws Exception {
        PrintStream out = context.out();
        Path dataDir = context.dataDir();
        Files.createDirectories(dataDir);
        Path tenants = Path.of(context.env("LAAS_TENANTS_FILE", context.repoRoot().resolve("deploy/local/tenants.yml")
                .toString()));
        Instant begin = Instant.now();
        out.println("Starting PostgreSQL, Kafka and the five LaaS services" + (fresh ? " from empty data" : "")
                + " (data and logs in " + dataDir + ") ...");
        // LAAS_COMMAND_REPLICAS=n: n-1 more command replicas on free ports, all in the gateway's command-affinity URLs
        int commandReplicas = Integer.parseInt(context.env("LAAS_COMMAND_REPLICAS", "1"));
        List<int[]> extraCommandPorts = new ArrayList<>();
        StringBuilder commandUrls = new StringBuilder("http://127.0.0.1:" + ports.command());
        for (int replica = 2; replica <= commandReplicas; replica++) {
            int[] replicaPorts = { LocalInfra.freePort(), LocalInfra.freePort() };
            extraCommandPorts.add(replicaPorts);
            commandUrls.append(",http://127.0.0.1:").append(replicaPorts[0]);
        }
        Map<String, String> extraEnvironment = commandReplicas > 1
                ? Map.of("LAAS_GATEWAY_COMMAND_AFFINITY_URLS", commandUrls.toString())
                : Map.of();
        LocalStack stack;
        try {
            stack = LocalStack.start(new LocalStack.Options(context.repoRoot(), dataDir, fresh, ports, tenants,
                    extraEnvironment), step -> out.println("  " + step), START_RETRIES);
        } catch (PostgresServer.DataDirectoryVersionException e) {
            context.err().println(e.getMessage());
            return 2;
        } catch (IOException e) {
            context.err().println("LaaS did not start: " + e.getMessage());
            return 1;
        }
        Supervisor supervisor = null;
        try {
            List<ServiceProcess> processes = new ArrayList<>();
            LocalStack.SERVICES.forEach(name -> processes.add(stack.service(name)));
            List<ServiceProcess> extraProjectors = new ArrayList<>();
            int projectors = Integer.parseInt(context.env("LAAS_PROJECTOR_REPLICAS", "1"));
            for (int replica = 2; replica <= projectors; replica++) {
                out.println("  Starting projector-service-" + replica + " ...");
                extraProjectors.add(stack.startReplica("projector-service", "projector-service-" + replica, Map.of()));
            }
            List<ServiceProcess> extraCommands = new ArrayList<>();
            for (int[] replicaPorts : extraCommandPorts) {
                String name = "ledger-command-service-" + (extraCommands.size() + 2);
                out.println("  Starting " + name + " ...");
                extraCommands.add(stack.startReplica("ledger-command-service", name, replicaPorts[0], replicaPorts[1],
                        Map.of()));
            }
            processes.addAll(extraProjectors);
            processes.addAll(extraCommands);
            DemoTenant demo = DemoTenant.fromEnvironment();
            out.println("  Creating the demo tenant's accounts ...");
            demo.provision(stack.gatewayUrl());

            supervisor = new Supervisor(stack, processes, dataDir, RestartBackoff.DEFAULT,
                    line -> out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + line), Clock.systemUTC());
            Supervisor stopOnSignal = supervisor;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (!stopOnSignal.isStopping()) {
                    out.println("\nStopping LaaS ...");
                    stopOnSignal.close();
                    out.println("Stopped.");
                }
            }, "laas-stop"));
            Instant startedAt = Instant.now();
            supervisor.start(control -> new Supervisor.Fixed(ProcessHandle.current().pid(), control.token(), startedAt,
                    stack.gatewayUrl(), database(stack), demoCredentials(demo, tenants),
                    infrastructure(stack, dataDir, startedAt)));
            out.println(demo.banner(stack, Duration.between(begin, Instant.now())));
            for (ServiceProcess replica : extraProjectors) {
                out.println("  Projector replica " + replica.name() + " (same consumer group, reads at " + replica.url()
                        + "; the gateway routes to the first)");
            }
            boolean affinity = !"false".equalsIgnoreCase(context.env("LAAS_GATEWAY_COMMAND_AFFINITY_ENABLED", "true"));
            for (ServiceProcess replica : extraCommands) {
                out.println("  Command replica " + replica.name() + " at " + replica.url() + " (the gateway sends "
                        + (affinity ? "each ledger's writes to one replica" : "writes round-robin over the replicas") + ")");
            }
            supervisor.awaitStopRequest();
            if (!supervisor.isStopping()) {
                out.println("Stopping LaaS (deploy/local/laas down) ...");
                supervisor.close();
                out.println("Stopped.");
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            context.err().println("LaaS did not start: " + e.getMessage());
            if (supervisor != null) {
                supervisor.close();
            } else {
                stack.close();
            }
            return 1;
        }
    }

    private static StackState.Database database(LocalStack stack) {
        PostgresServer postgres = stack.infra().postgres();
        return new StackState.Database(postgres.port(), postgres.database(), postgres.username(), postgres.password());
    }

    private static Map<String, String> demoCredentials(DemoTenant demo, Path tenants) {
        Map<String, String> credentials = new LinkedHashMap<>();
        credentials.put("tenants_file", tenants.toAbsolutePath().toString());
        credentials.put("project_id", DemoTenant.PROJECT_ID);
        credentials.put("ledger_id", demo.ledgerId());
        credentials.put("api_key", demo.apiKey());
        credentials.put("client_id", demo.clientId());
        credentials.put("client_secret", demo.clientSecret());
        credentials.put("admin_client_id", DemoTenant.ADMIN_CLIENT_ID);
        credentials.put("admin_client_secret", System.getenv().getOrDefault("LAAS_DEMO_ADMIN_CLIENT_SECRET",
                "demo-admin-secret"));
        return credentials;
    }

    private static List<StackState.Entry> infrastructure(LocalStack stack, Path dataDir, Instant startedAt) {
        long postgresPid;
        try {
            postgresPid = PostgresServer.pid(dataDir);
        } catch (IOException e) {
            postgresPid = 0;
        }
        KafkaBroker kafka = stack.infra().kafka();
        return List.of(
                new StackState.Entry("postgres", "postgres", postgresPid, stack.infra().postgres().port(), 0, "up", 0,
                        startedAt, null),
                new StackState.Entry("kafka", "kafka", kafka.pid(), kafka.port(), 0, "up", 0, startedAt,
                        KafkaBroker.logFile(dataDir)));
    }

    /**
     * Starts {@code laas up} again as a process of its own (in a session of its own where {@code setsid} exists, so
     * closing the terminal does not stop it), shows its output until the stack is ready, and leaves it running.
     */
    private static int detach(Invocation invocation, CliContext context) throws IOException, InterruptedException {
        Path dataDir = Files.createDirectories(context.dataDir());
        Path output = dataDir.resolve("laas-up.log");
        Files.deleteIfExists(output);
        Files.createFile(output);
        List<String> command = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) {
            command.add("/usr/bin/setsid");
        }
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin",
                "java").toString()));
        command.add("-Dlaas.repo.root=" + context.repoRoot());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(LaasCli.class.getName());
        command.add("up");
        if (invocation.flag("fresh")) {
            command.add("--fresh");
        }
        Process supervisor = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                .start();
        long shown = 0;
        while (true) {
            shown = copyNew(output, shown, context.out());
            Optional<StackState> state = StackState.readLive(dataDir);
            if (state.isPresent()) {
                // the banner follows the state file by a moment
                supervisor.waitFor(2, TimeUnit.SECONDS);
                copyNew(output, shown, context.out());
                context.out().printf("%nLaaS runs in the background (supervisor pid %d, its output in %s).%n"
                        + "deploy/local/laas status | logs [service] [-f] | down%n", state.get().supervisorPid(), output);
                return 0;
            }
            if (!supervisor.isAlive()) {
                copyNew(output, shown, context.out());
                context.err().println("laas up exited with code " + supervisor.exitValue() + " (output above, and in "
                        + output + ")");
                return 1;
            }
            Thread.sleep(250);
        }
    }

    private static long copyNew(Path file, long from, PrintStream out) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (length <= from) {
                return from;
            }
            byte[] bytes = new byte[(int) (length - from)];
            in.seek(from);
            in.readFully(bytes);
            out.print(new String(bytes, StandardCharsets.UTF_8));
            out.flush();
            return length;
        }
    }
}
