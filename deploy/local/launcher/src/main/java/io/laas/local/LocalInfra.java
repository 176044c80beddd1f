package io.laas.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL and Kafka for one local stack or one test JVM. Ports default to non-standard values so
 * that a PostgreSQL or Kafka already running on the machine is never disturbed; 0 picks free ports.
 */
public final class LocalInfra implements AutoCloseable {

    public static final int DEFAULT_POSTGRES_PORT = 55432;
    public static final int DEFAULT_KAFKA_PORT = 59092;
    public static final String DATABASE = "laas";
    public static final String USERNAME = "laas";
    public static final String PASSWORD = "laas";

    private final PostgresServer postgres;
    private final KafkaBroker kafka;

    private LocalInfra(PostgresServer postgres, KafkaBroker kafka) {
        this.postgres = postgres;
        this.kafka = kafka;
    }

    /**
     * Starts both servers. A {@code 0} port means "any free port"; an explicit Kafka port puts the
     * broker's controller listener on the next port.
     */
    public static LocalInfra start(Path baseDir, boolean fresh, int postgresPort, int kafkaPort) throws IOException {
        return start(baseDir, fresh, postgresPort, kafkaPort, step -> {
        });
    }

    /** {@link #start(Path, boolean, int, int)}, telling {@code progress} when each server starts. */
    public static LocalInfra start(Path baseDir, boolean fresh, int postgresPort, int kafkaPort,
            java.util.function.Consumer<String> progress) throws IOException {
        int pgPort = postgresPort == 0 ? freePort() : postgresPort;
        int brokerPort = kafkaPort == 0 ? freePort() : kafkaPort;
        int controllerPort = kafkaPort == 0 ? freePort() : kafkaPort + 1;
        progress.accept("Starting PostgreSQL on port " + pgPort + (fresh ? " (empty data)" : "") + " ...");
        PostgresServer postgres = PostgresServer.start(pgPort, baseDir, fresh, DATABASE, USERNAME, PASSWORD);
        try {
            progress.accept("Starting Kafka on port " + brokerPort + " ...");
            return new LocalInfra(postgres, KafkaBroker.start(brokerPort, controllerPort, baseDir, fresh));
        } catch (IOException | RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    /** The configuration every service reads (see docs/architecture.md). */
    public Map<String, String> serviceConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("laas.db.host", "127.0.0.1");
        config.put("laas.db.port", String.valueOf(postgres.port()));
        config.put("laas.db.name", postgres.database());
        config.put("laas.db.username", postgres.username());
        config.put("laas.db.password", postgres.password());
        config.put("laas.db.batch-username", postgres.batchUsername());
        config.put("laas.db.batch-password", postgres.batchPassword());
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        return config;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code count} distinct free ports: every socket stays bound until all are found, so the system cannot hand
     * out the same port twice (ports taken one at a time, each released before the next, may repeat).
     */
    public static List<Integer> freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress());
                socket.setReuseAddress(true);
                sockets.add(socket);
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a listening socket nobody connected to
                }
            }
        }
    }

    /** A free port whose successor is free too: a Kafka port given explicitly has its controller on port + 1. */
    public static int freePortPair() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = freePort();
            if (port < 65535 && isFree(port + 1)) {
                return port;
            }
        }
        throw new IllegalStateException("No two consecutive free ports found");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 0, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        kafka.close();
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
