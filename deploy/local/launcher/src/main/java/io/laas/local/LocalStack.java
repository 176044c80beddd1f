package io.laas.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * The whole of LaaS on one machine without Docker: PostgreSQL, a Kafka broker and the five packaged
 * services, each a process of its own. {@code deploy/local/laas up} runs it under supervision
 * ({@link io.laas.local.cli.Supervisor}); the whole-suite tests start it on free ports.
 */
public final class LocalStack implements AutoCloseable {

    public static final List<String> SERVICES = List.of("iam-service", "ledger-command-service", "projector-service",
            "webhook-service", "gateway");
    /** How long a service may take to become ready: 180 s, or {@code LAAS_READY_TIMEOUT_SECONDS} (a slow machine). */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(Long.parseLong(
            System.getenv().getOrDefault("LAAS_READY_TIMEOUT_SECONDS", "180").trim()));

    /**
     * Where everything listens; {@link #defaults()} avoids the usual PostgreSQL and Kafka ports. Each service's
     * management interface ({@code /q/health*}, {@code /q/metrics}, {@code /q/openapi}) has a port of its own,
     * by default its public port + 1000.
     */
    public record Ports(int gateway, int iam, int command, int projector, int webhook, int postgres, int kafka,
            Map<String, Integer> management) {

        public Ports {
            management = Map.copyOf(management);
        }

        /** Management ports at each public port + 1000. */
        public Ports(int gateway, int iam, int command, int projector, int webhook, int postgres, int kafka) {
            this(gateway, iam, command, projector, webhook, postgres, kafka, Map.of("gateway", gateway + 1000,
                    "iam-service", iam + 1000, "ledger-command-service", command + 1000, "projector-service",
                    projector + 1000, "webhook-service", webhook + 1000));
        }

        public static Ports defaults() {
            int gateway = env("LAAS_GATEWAY_PORT", 8080);
            int iam = env("LAAS_IAM_PORT", 8081);
            int command = env("LAAS_COMMAND_PORT", 8082);
            int projector = env("LAAS_PROJECTOR_PORT", 8083);
            int webhook = env("LAAS_WEBHOOK_PORT", 8084);
            return new Ports(gateway, iam, command, projector, webhook,
                    env("LAAS_POSTGRES_PORT", LocalInfra.DEFAULT_POSTGRES_PORT), env("LAAS_KAFKA_PORT", LocalInfra.DEFAULT_KAFKA_PORT),
                    Map.of("gateway", env("LAAS_GATEWAY_MANAGEMENT_PORT", gateway + 1000),
                            "iam-service", env("LAAS_IAM_MANAGEMENT_PORT", iam + 1000),
                            "ledger-command-service", env("LAAS_COMMAND_MANAGEMENT_PORT", command + 1000),
                            "projector-service", env("LAAS_PROJECTOR_MANAGEMENT_PORT", projector + 1000),
                            "webhook-service", env("LAAS_WEBHOOK_MANAGEMENT_PORT", webhook + 1000)));
        }

        public static Ports free() {
            // eleven distinct ports (five public, five management, PostgreSQL's), found at once
            java.util.Iterator<Integer> ports = LocalInfra.freePorts(6 + SERVICES.size()).iterator();
            Map<String, Integer> management = new LinkedHashMap<>();
            SERVICES.forEach(service -> management.put(service, ports.next()));
            return new Ports(ports.next(), ports.next(), ports.next(), ports.next(), ports.next(), ports.next(), 0,
                    management);
        }

        public int of(String service) {
            return switch (service) {
                case "gateway" -> gateway;
                case "iam-service" -> iam;
                case "ledger-command-service" -> command;
                case "projector-service" -> projector;
                case "webhook-service" -> webhook;
                default -> throw new IllegalArgumentException(service);
            };
        }

        public int managementOf(String service) {
            Integer port = management.get(service);
            if (port == null) {
                throw new IllegalArgumentException(service);
            }
            return port;
        }

        private static int env(String name, int fallback) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
        }
    }

    /**
     * @param repoRoot the repository, whose services are packaged under {@code <service>/target/quarkus-app}
     * @param dataDir PostgreSQL data, Kafka logs and service logs
     * @param fresh start from empty data
     * @param tenantsFile the tenants IAM provisions at start (demo tenant)
     * @param extraEnvironment added to (and overriding) every service's environment
     */
    public record Options(Path repoRoot, Path dataDir, boolean fresh, Ports ports, Path tenantsFile,
            Map<String, String> extraEnvironment) {
    }

    private final LocalInfra infra;
    private final Map<String, ServiceProcess> services;
    private final Options options;
    private final Ports ports;
    /** Further processes of the stack's services ({@link #startReplica}), stopped with the stack. */
    private final List<ServiceProcess> replicas = new ArrayList<>();

    private LocalStack(LocalInfra infra, Map<String, ServiceProcess> services, Options options) {
        this.infra = infra;
        this.services = services;
        this.options = options;
        this.ports = options.ports();
    }

    public static LocalStack start(Options options) throws IOException {
        return start(options, step -> {
        });
    }

    /** {@link #start(Options)}, telling {@code progress} of each step (starting PostgreSQL, Kafka, each service, each ready). */
    public static LocalStack start(Options options, Consumer<String> progress) throws IOException {
        return start(options, progress, List.of());
    }

    /**
     * {@link #start(Options, Consumer)}; a service that exits while starting is started again after each of
     * {@code retryDelays} in turn (none: the start fails at once), which lets a stack come up on a machine so busy
     * that a service gives up waiting for its first database connection.
     */
    public static LocalStack start(Options options, Consumer<String> progress, List<Duration> retryDelays)
            throws IOException {
        Path logs = Files.createDirectories(options.dataDir().resolve("logs"));
        if (options.fresh()) {
            // empty data, empty logs: what a run logged is then all that is in them (LogHygieneIT reads them)
            try (var files = Files.list(logs)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
                    Files.delete(file);
                }
            }
        }
        LocalInfra infra = LocalInfra.start(options.dataDir(), options.fresh(), options.ports().postgres(),
                options.ports().kafka(), progress);
        Map<String, ServiceProcess> services = new LinkedHashMap<>();
        LocalStack stack = new LocalStack(infra, services, options);
        try {
            for (String service : SERVICES) {
                Path jar = options.repoRoot().resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
                ServiceProcess process = new ServiceProcess(service, options.ports().of(service),
                        options.ports().managementOf(service), jar,
                        logs.resolve(service + ".log"), environment(service, options, infra));
                services.put(service, process);
                progress.accept("Starting " + service + " on port " + process.port() + " ...");
                process.start();
            }
            awaitAllReady(services.values(), progress, retryDelays);
            return stack;
        } catch (IOException | RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private static void awaitAllReady(Iterable<ServiceProcess> processes, Consumer<String> progress,
            List<Duration> retryDelays) throws IOException {
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        Instant begin = Instant.now();
        for (ServiceProcess process : processes) {
            waits.add(CompletableFuture.runAsync(() -> {
                try {
                    for (int attempt = 1;; attempt++) {
                        try {
                            process.awaitReady(READY_TIMEOUT);
                            break;
                        } catch (IOException e) {
                            if (process.isAlive() || attempt > retryDelays.size()) {
                                throw e;
                            }
                            Duration delay = retryDelays.get(attempt - 1);
                            progress.accept("%s exited while starting; starting it again in %d s (attempt %d of %d). %s"
                                    .formatted(process.name(), delay.toSeconds(), attempt + 1, retryDelays.size() + 1,
                                            e.getMessage()));
                            ServiceProcess.sleep(delay.toMillis());
                            process.start();
                        }
                    }
                    progress.accept("%s ready (%.1f s)".formatted(process.name(),
                            Duration.between(begin, Instant.now()).toMillis() / 1000.0));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
        try {
            CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while starting the services", e);
        }
    }

    private static Map<String, String> environment(String service, Options options, LocalInfra infra) {
        Ports ports = options.ports();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_PROFILE", "local");
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(ports.of(service)));
        env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(ports.managementOf(service)));
        // laas.db.batch-username -> LAAS_DB_BATCH_USERNAME: the name a replica's overrides use for it too
        infra.serviceConfig().forEach((key, value) -> env.put(key.toUpperCase().replace('.', '_').replace('-', '_'), value));
        env.put("LAAS_ISSUER", "http://localhost:" + ports.gateway());
        env.put("LAAS_IAM_URL", "http://127.0.0.1:" + ports.iam());
        switch (service) {
            case "iam-service" -> env.put("LAAS_IAM_BOOTSTRAP_FILE", options.tenantsFile().toAbsolutePath().toString());
            case "webhook-service" -> env.put("LAAS_WEBHOOK_ALLOW_PRIVATE_TARGETS", "true");
            case "ledger-command-service" -> env.put("LAAS_LEDGER_REGISTRY_CLIENT_SECRET",
                    System.getenv().getOrDefault("LAAS_LEDGER_COMMAND_CLIENT_SECRET", "ledger-command-secret"));
            case "projector-service" -> {
                // rebuilds read the command service's event log as the projector's own client (tenants.yml)
                env.put("LAAS_PROJECTOR_REBUILD_COMMAND_URL", "http://127.0.0.1:" + ports.command());
                env.put("LAAS_PROJECTOR_REBUILD_CLIENT_SECRET",
                        System.getenv().getOrDefault("LAAS_PROJECTOR_CLIENT_SECRET", "projector-secret"));
            }
            case "gateway" -> {
                env.put("LAAS_GATEWAY_IAM_URL", "http://127.0.0.1:" + ports.iam());
                env.put("LAAS_GATEWAY_COMMAND_URL", "http://127.0.0.1:" + ports.command());
                env.put("LAAS_GATEWAY_PROJECTOR_URL", "http://127.0.0.1:" + ports.projector());
                env.put("LAAS_GATEWAY_WEBHOOK_URL", "http://127.0.0.1:" + ports.webhook());
            }
            default -> {
            }
        }
        env.putAll(options.extraEnvironment());
        return env;
    }

    public String gatewayUrl() {
        return "http://localhost:" + ports.gateway();
    }

    public ServiceProcess service(String name) {
        return services.get(name);
    }

    /** Where every process of the stack writes its output, {@code <name>.log} each. */
    public Path logDirectory() {
        return options.dataDir().resolve("logs");
    }

    public Options options() {
        return options;
    }

    public LocalInfra infra() {
        return infra;
    }

    /**
     * Starts one more process of a service, beside the stack's own, on a free loopback port, and waits until it
     * is ready: a second replica (same configuration, so it joins the same Kafka consumer groups and shares the
     * same schema), or, with {@code overrides} of its environment, a process of its own (another
     * {@code LAAS_DB_NAME}, another consumer group). It is stopped with the stack, unless it was before. The
     * stack's own processes, and the gateway's routes, stay as they are.
     *
     * @param name names the replica's log file ({@code <name>.log} beside the services')
     */
    public ServiceProcess startReplica(String service, String name, Map<String, String> overrides) throws IOException {
        return startReplica(service, name, LocalInfra.freePort(), LocalInfra.freePort(), overrides);
    }

    /** {@link #startReplica(String, String, Map)} on given loopback ports (e.g. already in the gateway's configuration). */
    public ServiceProcess startReplica(String service, String name, int port, int managementPort,
            Map<String, String> overrides) throws IOException {
        if (!services.containsKey(service)) {
            throw new IllegalArgumentException("No service " + service + " in the stack");
        }
        Map<String, String> env = environment(service, options, infra);
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        env.putAll(overrides);
        Path jar = options.repoRoot().resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        ServiceProcess replica = new ServiceProcess(name, port, managementPort, jar,
                options.dataDir().resolve("logs").resolve(name + ".log"), env);
        synchronized (replicas) {
            replicas.add(replica);
        }
        replica.start();
        replica.awaitReady(READY_TIMEOUT);
        return replica;
    }

    /**
     * Restarts one service (same ports, same data, same log file) with {@code overrides} added to its environment
     * from now on, e.g. to switch a setting the way a rolling update of its Deployment would.
     */
    public void restart(String name, Map<String, String> overrides) throws IOException {
        ServiceProcess process = services.get(name);
        if (process == null) {
            throw new IllegalArgumentException("No service " + name + " in the stack");
        }
        process.close();
        Map<String, String> env = environment(name, options, infra);
        env.putAll(overrides);
        ServiceProcess restarted = new ServiceProcess(name, process.port(), process.managementPort(),
                options.repoRoot().resolve(name).resolve("target/quarkus-app/quarkus-run.jar"), process.logFile(), env);
        synchronized (services) {
            // replaces the entry of an existing key: the map's order stays, so may several services restart at once
            services.put(name, restarted);
        }
        restarted.start();
        restarted.awaitReady(READY_TIMEOUT);
    }

    /** Restarts one service (same port, same data), e.g. to prove that state survives a restart. */
    public void restart(String name) throws IOException {
        ServiceProcess process = services.get(name);
        process.close();
        process.start();
        process.awaitReady(READY_TIMEOUT);
    }

    @Override
    public void close() {
        synchronized (replicas) {
            replicas.forEach(ServiceProcess::close);
        }
        List<String> reversed = new ArrayList<>(services.keySet());
        java.util.Collections.reverse(reversed);
        reversed.stream().map(services::get).forEach(ServiceProcess::close);
        infra.close();
    }
}
