package io.laas.webhook;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.laas.local.testing.TestTokens;
import io.laas.tenancy.LedgerScope;
import io.laas.web.security.Scopes;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Throughput of the whole pipeline on this machine, not a test (surefire only runs it when named:
 * {@code deploy/bench/webhook-throughput}). Events for {@code laas.bench.ledgers} ledgers, one endpoint
 * each, are produced to Kafka as fast as the producer goes; a receiver on loopback answers 204 at once.
 * It reports the intake rate (messages stored per second), the delivery rate (first attempts per
 * second), the latency from each event's recorded_at to its first attempt and the CPU used per event,
 * after a warm-up round. {@code laas.bench.rate} paces the producer (events per second) to measure the
 * latency below saturation.
 * Bounded: {@code laas.bench.events} events per round, two rounds. {@code -Dlaas.bench.jfr=<file>} records
 * the measured round with Java Flight Recorder.
 */
@QuarkusTest
@TestProfile(WebhookDeliveryTest.LoopbackTargetsAllowed.class)
class WebhookThroughputBench {

    private static final int EVENTS = Integer.getInteger("laas.bench.events", 50_000);
    private static final int LEDGERS = Integer.getInteger("laas.bench.ledgers", 50);
    /** Events per second the producer keeps to; 0: as fast as it goes. */
    private static final int RATE = Integer.getInteger("laas.bench.rate", 0);
    private static final Duration ROUND_LIMIT = Duration.ofMinutes(5);

    /** Fixtures and checks span ledgers: the batch datasource, which row-level security does not bind. */
    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @Test
    void measure() throws Exception {
        // A Vert.x of its own: the service's one is instrumented, and the receiver is not part of the service.
        Vertx receiverVertx = Vertx.vertx();
        HttpServer server = receiverVertx.createHttpServer()
                .requestHandler(request -> request.body().onComplete(body -> request.response().setStatusCode(204).end()))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try {
            List<UUID> ledgers = new ArrayList<>();
            for (int i = 0; i < LEDGERS; i++) {
                UUID ledger = UUID.randomUUID();
                ledgers.add(ledger);
                createEndpoint(ledger, "http://127.0.0.1:" + server.actualPort() + "/hooks/" + i);
            }
            round("warm-up", ledgers, Math.max(EVENTS / 5, 1_000));
            String report;
            String flightRecording = System.getProperty("laas.bench.jfr");
            if (flightRecording == null) {
                report = round("measured", ledgers, EVENTS);
            } else {
                try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
                    recording.start();
                    report = round("measured", ledgers, EVENTS);
                    recording.dump(Path.of(flightRecording));
                }
            }
            Path out = Path.of("target", "webhook-throughput.txt");
            Files.writeString(out, report, StandardCharsets.UTF_8);
        } finally {
            receiverVertx.close();
        }
    }

    /**
     * A backlog such as an outage leaves: {@code laas.bench.backlog} due deliveries (10,000) spread over
     * {@code laas.bench.backlog-endpoints} endpoints (10), written straight to the database, then drained by the
     * dispatcher. Reports the drain rate (attempts per second from the first to the last).
     * {@code -Dlaas.bench.backlog-after=receivers}: the backlog a receivers' outage leaves instead of the
     * service's: the endpoints have been failing for ten minutes, and each delivery has failed once and waits
     * for its retry (5 minutes to 2 hours away) except one per endpoint, due now, which succeeds.
     */
    @Test
    void drainBacklog() throws Exception {
        int backlog = Integer.getInteger("laas.bench.backlog", 10_000);
        int endpoints = Integer.getInteger("laas.bench.backlog-endpoints", 10);
        Vertx receiverVertx = Vertx.vertx();
        HttpServer server = receiverVertx.createHttpServer()
                .requestHandler(request -> request.body().onComplete(body -> request.response().setStatusCode(204).end()))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try {
            List<UUID> ledgers = new ArrayList<>();
            for (int i = 0; i < endpoints; i++) {
                UUID ledger = UUID.randomUUID();
                ledgers.add(ledger);
                createEndpoint(ledger, "http://127.0.0.1:" + server.actualPort() + "/backlog/" + i);
            }
            UUID[] ids = ledgers.toArray(UUID[]::new);
            Instant since = Instant.now();
            String envelope = LedgerEvents.transactionPosted(UUID.randomUUID(), UUID.randomUUID(), 1);
            // The messages and their deliveries, due a minute ago, with the queue heads due: what intake leaves
            // behind when the receivers (or the dispatcher) were away.
            boolean afterReceiversOutage = "receivers".equals(System.getProperty("laas.bench.backlog-after"));
            pool.withTransaction(conn -> conn.preparedQuery("WITH m AS ("
                    + "   INSERT INTO messages (id, ledger_id, event_type, payload, created_at)"
                    + "   SELECT gen_random_uuid(), l.id, 'transaction.posted', $2::text::jsonb, now()"
                    + "   FROM generate_series(1, $3) AS n, unnest($1::uuid[]) AS l(id)"
                    + "   RETURNING id, ledger_id, position)"
                    + " INSERT INTO deliveries (id, message_id, endpoint_id, status, attempts, next_attempt_at, created_at,"
                    + "   ledger_id, position)"
                    + " SELECT gen_random_uuid(), m.id, e.id, 'pending', CASE WHEN $4 THEN 1 ELSE 0 END,"
                    + "   CASE WHEN NOT $4 THEN now() - interval '1 minute'"
                    + "     WHEN m.position = min(m.position) OVER (PARTITION BY m.ledger_id) THEN now()"
                    + "     ELSE now() + interval '5 minutes' + random() * interval '115 minutes' END, now(),"
                    + "   m.ledger_id, m.position FROM m JOIN endpoints e ON e.ledger_id = m.ledger_id")
                    .execute(Tuple.tuple().addArrayOfUUID(ids).addString(envelope).addInteger(backlog / endpoints)
                            .addBoolean(afterReceiversOutage))
                    .flatMap(rows -> conn.preparedQuery("UPDATE endpoints SET failing_since = CASE WHEN $2"
                            + " THEN now() - interval '10 minutes' END WHERE ledger_id = ANY ($1)")
                            .execute(Tuple.tuple().addArrayOfUUID(ids).addBoolean(afterReceiversOutage)))
                    .flatMap(rows -> conn.preparedQuery("INSERT INTO endpoint_queues (endpoint_id, next_due_at)"
                            + " SELECT id, now() FROM endpoints WHERE ledger_id = ANY ($1) ORDER BY id"
                            + " ON CONFLICT (endpoint_id) DO UPDATE SET next_due_at = now()")
                            .execute(Tuple.tuple().addArrayOfUUID(ids))))
                    .await().atMost(Duration.ofMinutes(1));
            long jvmCpuBefore = jvmCpuNanos();
            long postgresCpuBefore = postgresCpuNanos();
            await().atMost(ROUND_LIMIT).pollInterval(Duration.ofMillis(500))
                    .until(() -> single("SELECT count(*) AS n FROM attempts a JOIN deliveries d ON d.id = a.delivery_id"
                            + " JOIN messages m ON m.id = d.message_id WHERE m.ledger_id = ANY ($1) AND m.created_at >= $2",
                            ids, since).getLong("n") >= backlog);
            double jvmCpuMillis = (jvmCpuNanos() - jvmCpuBefore) / 1e6;
            double postgresCpuMillis = (postgresCpuNanos() - postgresCpuBefore) / 1e6;
            Row drained = single("SELECT count(*) AS n,"
                    + " extract(epoch FROM max(a.attempted_at) - min(a.attempted_at)) AS seconds"
                    + " FROM attempts a JOIN deliveries d ON d.id = a.delivery_id JOIN messages m ON m.id = d.message_id"
                    + " WHERE m.ledger_id = ANY ($1) AND m.created_at >= $2", ids, since);
            double seconds = drained.getNumeric("seconds").doubleValue();
            String report = String.format("backlog after the " + (afterReceiversOutage ? "receivers'" : "service's")
                    + " outage: %d deliveries over %d endpoints drained in %.2f s = %.0f/s"
                    + " | CPU per delivery: JVM %.3f ms, PostgreSQL %.3f ms%n", drained.getLong("n"), endpoints, seconds,
                    drained.getLong("n") / seconds, jvmCpuMillis / backlog, postgresCpuMillis / backlog);
            System.out.print(report);
            Files.writeString(Path.of("target", "webhook-backlog.txt"), report, StandardCharsets.UTF_8);
        } finally {
            receiverVertx.close();
        }
    }

    private String round(String name, List<UUID> ledgers, int events) throws Exception {
        Instant since = Instant.now();
        long jvmCpuBefore = jvmCpuNanos();
        long postgresCpuBefore = postgresCpuNanos();
        long[] sequences = new long[ledgers.size()];
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        long produceStarted = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>(events);
            for (int i = 0; i < events; i++) {
                if (RATE > 0 && i % 10 == 0) {
                    long due = produceStarted + i * 1_000_000_000L / RATE;
                    long early = due - System.nanoTime();
                    if (early > 0) {
                        Thread.sleep(early / 1_000_000, (int) (early % 1_000_000));
                    }
                }
                int l = i % ledgers.size();
                UUID ledger = ledgers.get(l);
                UUID eventId = UUID.randomUUID();
                ProducerRecord<String, String> record = LedgerEvents.record(ledger, eventId, "transaction.posted",
                        LedgerEvents.transactionPostedNow(eventId, ledger, ++sequences[l]));
                acks.add(producer.send(record));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        }
        double produceSeconds = (System.nanoTime() - produceStarted) / 1e9;
        UUID[] ids = ledgers.toArray(UUID[]::new);

        await().atMost(ROUND_LIMIT).pollInterval(Duration.ofSeconds(1))
                .until(() -> firstAttempts(ids, since) >= events);

        double jvmCpuMillis = (jvmCpuNanos() - jvmCpuBefore) / 1e6;
        double postgresCpuMillis = (postgresCpuNanos() - postgresCpuBefore) / 1e6;
        Row intake = single("SELECT count(*) AS n, extract(epoch FROM max(created_at) - min(created_at)) AS seconds"
                + " FROM messages WHERE ledger_id = ANY ($1) AND created_at >= $2", ids, since);
        Row delivery = single("SELECT count(*) AS n, extract(epoch FROM max(a.attempted_at) - min(a.attempted_at)) AS seconds,"
                + " percentile_cont(0.5) WITHIN GROUP (ORDER BY latency) AS p50,"
                + " percentile_cont(0.95) WITHIN GROUP (ORDER BY latency) AS p95,"
                + " percentile_cont(0.99) WITHIN GROUP (ORDER BY latency) AS p99,"
                + " max(latency) AS max"
                + " FROM (SELECT a.attempted_at, extract(epoch FROM a.attempted_at"
                + "         - (m.payload ->> 'recorded_at')::timestamptz) * 1000 AS latency"
                + "       FROM attempts a JOIN deliveries d ON d.id = a.delivery_id JOIN messages m ON m.id = d.message_id"
                + "       WHERE m.ledger_id = ANY ($1) AND m.created_at >= $2 AND a.attempt_number = 1) a", ids, since);
        long stored = intake.getLong("n");
        double intakeSeconds = intake.getNumeric("seconds").doubleValue();
        long delivered = delivery.getLong("n");
        double deliverySeconds = delivery.getNumeric("seconds").doubleValue();
        String report = String.format(
                "%s: events=%d ledgers=%d produced=%.0f/s | intake: %d messages in %.2f s = %.0f/s"
                        + " | delivery: %d first attempts in %.2f s = %.0f/s"
                        + " | recorded_at -> first attempt ms: p50=%.1f p95=%.1f p99=%.1f max=%.1f"
                        + " | CPU per event: service+producer+receiver JVM %.3f ms, PostgreSQL %.3f ms%n",
                name, events, ledgers.size(), events / produceSeconds, stored, intakeSeconds, stored / intakeSeconds,
                delivered, deliverySeconds, delivered / deliverySeconds, delivery.getDouble("p50"),
                delivery.getDouble("p95"), delivery.getDouble("p99"), delivery.getDouble("max"),
                jvmCpuMillis / events, postgresCpuMillis / events);
        System.out.print(report);
        return report;
    }

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** CPU used so far by the test PostgreSQL: its postmaster and every process it started. */
    private long postgresCpuNanos() {
        long backend = pool.query("SELECT pg_backend_pid() AS pid").execute().await().atMost(Duration.ofSeconds(10))
                .iterator().next().getInteger("pid");
        long postmaster = ProcessHandle.of(backend).flatMap(ProcessHandle::parent).map(ProcessHandle::pid)
                .orElseThrow();
        long ticks = cpuTicks(postmaster);
        for (ProcessHandle child : ProcessHandle.of(postmaster).orElseThrow().children().toList()) {
            ticks += cpuTicks(child.pid());
        }
        return ticks * 10_000_000L; // USER_HZ = 100
    }

    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime, stime, cutime, cstime (fields 14-17 of stat; 12-15 after the command name)
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                    + Long.parseLong(fields[14]);
        } catch (Exception e) {
            return 0;
        }
    }

    private long firstAttempts(UUID[] ledgers, Instant since) {
        return single("SELECT count(*) AS n FROM attempts a JOIN deliveries d ON d.id = a.delivery_id"
                + " JOIN messages m ON m.id = d.message_id"
                + " WHERE m.ledger_id = ANY ($1) AND m.created_at >= $2 AND a.attempt_number = 1", ledgers, since)
                .getLong("n");
    }

    private Row single(String sql, UUID[] ledgers, Instant since) {
        return pool.preparedQuery(sql)
                .execute(Tuple.tuple().addArrayOfUUID(ledgers).addOffsetDateTime(since.atOffset(ZoneOffset.UTC)))
                .await().atMost(Duration.ofMinutes(1)).iterator().next();
    }

    private void createEndpoint(UUID ledger, String url) {
        given().auth().oauth2(TestTokens.token(List.of(ledger), Scopes.WEBHOOKS_WRITE))
                .contentType(ContentType.JSON).body(Map.of("url", url))
                .post(EndpointResourceTest.path(ledger))
                .then().statusCode(201);
    }
}
