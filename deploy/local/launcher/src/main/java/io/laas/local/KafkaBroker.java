package io.laas.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real Apache Kafka broker (KRaft, one combined broker/controller node) in a JVM of its own: its
 * Scala, Jackson and logging jars would clash with Quarkus' on one classpath. The log directory is
 * formatted on first start and kept across restarts unless {@code fresh} is set.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final String CLASSPATH_RESOURCE = "/io/laas/local/kafka-broker.classpath";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final int port;

    private KafkaBroker(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static KafkaBroker start(int port, int controllerPort, Path baseDir, boolean fresh) throws IOException {
        return start(port, controllerPort, baseDir, fresh, "");
    }

    /**
     * A broker whose {@code server.properties} end with {@code extraProperties}: a key given there replaces the
     * local defaults (for example listeners with SASL, an authorizer and its super users).
     */
    public static KafkaBroker start(int port, int controllerPort, Path baseDir, boolean fresh, String extraProperties)
            throws IOException {
        Path logDir = baseDir.resolve("kafka-data");
        if (fresh) {
            LocalFiles.deleteRecursively(logDir);
        }
        Files.createDirectories(logDir);
        Path config = baseDir.resolve("kafka-server.properties");
        Files.writeString(config, serverProperties(port, controllerPort, logDir) + extraProperties);
        Path log4j = baseDir.resolve("kafka-log4j2.properties");
        Files.writeString(log4j, LOG4J_CONFIG);
        Path brokerLog = logFile(baseDir);

        if (!Files.exists(logDir.resolve("meta.properties"))) {
            Process format = jvm(log4j, List.of("kafka.tools.StorageTool", "format", "--standalone",
                    // "=" form: a base64url id may start with "-" and would read as an option
                    "--cluster-id=" + newClusterId(), "--config=" + config, "--ignore-formatted"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(brokerLog.toFile()))
                    .start();
            try {
                if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                    format.destroyForcibly();
                    throw new IOException("Formatting the Kafka log directory failed; see " + brokerLog);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while formatting Kafka storage", e);
            }
        }

        Process process = jvm(log4j, List.of("io.laas.local.kafka.BrokerMain", config.toString()))
                .redirectErrorStream(true)
                .start();
        KafkaBroker broker = new KafkaBroker(process, port);
        broker.awaitStarted(brokerLog);
        return broker;
    }

    private static ProcessBuilder jvm(Path log4j, List<String> mainAndArgs) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xms128m");
        command.add("-Xmx512m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Djava.awt.headless=true");
        command.add("-Dlog4j2.configurationFile=" + log4j);
        command.add("-cp");
        command.add(brokerClasspath());
        command.addAll(mainAndArgs);
        return new ProcessBuilder(command);
    }

    /** Mirrors the broker's output into its log file and waits for the "started" line. */
    private void awaitStarted(Path brokerLog) throws IOException {
        CountDownLatch started = new CountDownLatch(1);
        Thread pump = new Thread(() -> {
            try (InputStream in = process.getInputStream();
                    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                    var out = Files.newBufferedWriter(brokerLog, StandardCharsets.UTF_8,
                            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    out.write(line);
                    out.newLine();
                    out.flush();
                    if (line.contains("Kafka Server started")) {
                        started.countDown();
                    }
                }
            } catch (IOException e) {
                // the broker is gone; the caller sees it through the process state
            }
        }, "kafka-broker-output");
        pump.setDaemon(true);
        pump.start();
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        try {
            while (!started.await(200, TimeUnit.MILLISECONDS)) {
                if (!process.isAlive()) {
                    throw new IOException("The Kafka broker exited with " + process.exitValue() + "; see " + brokerLog);
                }
                if (Instant.now().isAfter(deadline)) {
                    close();
                    throw new IOException("The Kafka broker did not start within " + STARTUP_TIMEOUT + "; see " + brokerLog);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException("Interrupted while starting Kafka", e);
        }
    }

    /**
     * The broker's jars (recorded when laas-kafka-broker was built) plus that module's own jar or
     * classes folder, which holds {@code BrokerMain}.
     */
    static String brokerClasspath() {
        URL resource = KafkaBroker.class.getResource(CLASSPATH_RESOURCE);
        if (resource == null) {
            throw new IllegalStateException("Missing " + CLASSPATH_RESOURCE + ": build the laas-kafka-broker module first");
        }
        try (InputStream in = resource.openStream()) {
            String kafka = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return brokerModuleLocation(resource) + java.io.File.pathSeparator + kafka;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String brokerModuleLocation(URL resource) {
        try {
            if ("jar".equals(resource.getProtocol())) {
                String file = resource.getPath().substring(0, resource.getPath().indexOf("!/"));
                return Path.of(new URI(file)).toString();
            }
            Path classpathFile = Path.of(resource.toURI());
            // <classes>/io/laas/local/kafka-broker.classpath -> <classes>
            return classpathFile.getParent().getParent().getParent().getParent().toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String serverProperties(int port, int controllerPort, Path logDir) {
        return """
                process.roles=broker,controller
                node.id=1
                controller.quorum.bootstrap.servers=127.0.0.1:%2$d
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                log.dirs=%3$s
                num.partitions=3
                auto.create.topics.enable=true
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=10
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                log.retention.hours=168
                # Kafka records of up to 1 MiB everywhere: 1 MiB + 128 KiB leaves room for the key,
                # headers, batch overhead and compression framing.
                message.max.bytes=1179648
                replica.fetch.max.bytes=1179648
                """.formatted(port, controllerPort, logDir.toAbsolutePath());
    }

    private static String newClusterId() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static final String LOG4J_CONFIG = """
            status = warn
            appender.console.type = Console
            appender.console.name = STDOUT
            appender.console.layout.type = PatternLayout
            appender.console.layout.pattern = [%d] %p %m (%c)%n
            rootLogger.level = WARN
            rootLogger.appenderRef.stdout.ref = STDOUT
            logger.raft.name = kafka.server.KafkaRaftServer
            logger.raft.level = INFO
            """;

    public int port() {
        return port;
    }

    /** The operating system's id of the broker's JVM. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The broker's own log (its output and the format step's). */
    public static Path logFile(Path baseDir) {
        return baseDir.resolve("kafka.log");
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
