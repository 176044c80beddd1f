package io.laas.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Publishes outbox rows to Kafka in the shape Debezium's Outbox Event Router produces: topic
 * {@code outbox.event.<aggregatetype>}, key {@code aggregateid}, headers {@code id} and {@code eventType},
 * value = the JSON payload.
 *
 * <p>One tick (every {@code laas.outbox.relay.interval}) is one database transaction: take a
 * transaction-level advisory lock (only one replica relays), read the oldest rows in {@code position}
 * order, send them, wait for every acknowledgement, and delete the acknowledged prefix. Rows after the first failure stay and are sent again, in order,
 * on the next tick. Rows are claimed by deleting them, never through an id cursor, so a row whose
 * transaction commits late is still published. Delivery is at-least-once; consumers de-duplicate on
 * the {@code id} header.
 *
 * <p>A plain {@link KafkaProducer} is used rather than a messaging emitter: its per-record send
 * callback reports exactly which records the broker acknowledged (with {@code acks=all} and the
 * idempotent producer), which is what deciding the deletable prefix needs, and it involves no channel
 * configuration in the host service. Its blocking calls run on one dedicated thread, so sends keep
 * their order and never run on the event loop.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final long FAILURE_LOG_INTERVAL_MS = 10_000;

    private final Pool pool;
    private final Vertx vertx;
    private final OutboxConfig config;
    private final String bootstrapServers;
    private final String clientId;
    private final String lockSql;
    private final Object lockParam;
    private final String selectSql;
    private final String deleteSql;
    private final String statsSql;

    private final Counter published;
    private final Counter failures;
    private final Timer batchTimer;
    private final AtomicLong pendingRows = new AtomicLong();
    private final AtomicLong lagMillis = new AtomicLong();

    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-relay-producer");
        t.setDaemon(true);
        return t;
    });
    private volatile Producer<String, String> producer;
    private volatile long lastFailureLog;
    private volatile boolean stopped;
    private volatile long timerId = -1;

    public OutboxRelay(Pool pool, Vertx vertx, OutboxConfig config, MeterRegistry registry,
            @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:59092") String bootstrapServers,
            @ConfigProperty(name = "quarkus.application.name", defaultValue = "laas") String applicationName) {
        this.pool = pool;
        this.vertx = vertx;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.clientId = "outbox-relay-" + applicationName;
        String table = OutboxWriter.checkedTable(config.table());
        if (config.relay().lockId().isPresent()) {
            this.lockSql = "SELECT pg_try_advisory_xact_lock($1) AS locked";
            this.lockParam = config.relay().lockId().getAsLong();
        } else {
            this.lockSql = "SELECT pg_try_advisory_xact_lock("
                    + "hashtextextended('laas.outbox:' || current_schema() || '.' || $1, 0)) AS locked";
            this.lockParam = table;
        }
        this.selectSql = "SELECT id, aggregatetype, aggregateid, type, payload::text AS payload FROM " + table
                + " ORDER BY position LIMIT $1";
        this.deleteSql = "DELETE FROM " + table + " WHERE id = ANY($1)";
        this.statsSql = "SELECT count(*) AS pending,"
                + " COALESCE(EXTRACT(EPOCH FROM (now() - min(\"timestamp\"))) * 1000, 0)::bigint AS lag_ms FROM " + table;

        this.published = Counter.builder("laas.outbox.published")
                .description("Outbox events acknowledged by Kafka and removed from the outbox")
                .tag("table", table).register(registry);
        this.failures = Counter.builder("laas.outbox.failures")
                .description("Relay ticks that could not publish every row they read")
                .tag("table", table).register(registry);
        this.batchTimer = Timer.builder("laas.outbox.batch")
                .description("Duration of one relay batch (read, send, await acks, delete)")
                .tag("table", table).register(registry);
        registry.gauge("laas.outbox.pending", List.of(Tag.of("table", table)),
                pendingRows, AtomicLong::doubleValue);
        registry.gauge("laas.outbox.lag.seconds", List.of(Tag.of("table", table)),
                lagMillis, v -> v.get() / 1000.0);
    }

    /**
     * Starts ticking when the relay is enabled. The ticks run on a Vert.x timer re-armed after each tick
     * ends, rather than on {@code @Scheduled}: the Quarkus simple scheduler cannot fire more often than
     * once a second, and re-arming after completion gives the "skip while running" behaviour for free.
     */
    void start(@Observes StartupEvent event) {
        if (config.relay().enabled()) {
            LOG.infof("Outbox relay started: table %s, every %s, batch %d", config.table(), config.relay().interval(),
                    config.relay().batchSize());
            scheduleTick();
        } else {
            LOG.info("Outbox relay disabled (laas.outbox.relay.enabled=false)");
        }
    }

    private void scheduleTick() {
        if (stopped) {
            return;
        }
        timerId = vertx.setTimer(Math.max(1, config.relay().interval().toMillis()),
                id -> tick().subscribe().with(ignored -> scheduleTick(), error -> scheduleTick()));
    }

    Uni<Void> tick() {
        return drain()
                .onFailure().invoke(this::onTickFailure)
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    @Scheduled(identity = "laas-outbox-metrics", every = "${laas.outbox.relay.metrics-interval:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshGauges() {
        return pool.query(statsSql).execute()
                .invoke(rows -> {
                    Row row = rows.iterator().next();
                    pendingRows.set(row.getLong("pending"));
                    lagMillis.set(row.getLong("lag_ms"));
                })
                .onFailure().invoke(e -> LOG.debugf(e, "Could not read outbox statistics"))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Relays batch after batch while full batches go out, so a backlog drains without waiting for ticks. */
    Uni<Void> drain() {
        return relayOnce().chain(count -> count == config.relay().batchSize()
                ? drain()
                : Uni.createFrom().voidItem());
    }

    /**
     * Relays one batch in one database transaction. Returns how many rows were published and deleted;
     * 0 when another replica holds the lock or the outbox is empty.
     */
    public Uni<Integer> relayOnce() {
        Context context = Vertx.currentContext();
        long start = System.nanoTime();
        return pool.withTransaction(conn -> conn.preparedQuery(lockSql).execute(Tuple.of(lockParam))
                .chain(rs -> Boolean.TRUE.equals(rs.iterator().next().getBoolean("locked"))
                        ? relayLocked(conn, context)
                        : Uni.createFrom().item(0)))
                .invoke(count -> {
                    if (count > 0) {
                        batchTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                    }
                });
    }

    private Uni<Integer> relayLocked(SqlConnection conn, Context context) {
        return conn.preparedQuery(selectSql).execute(Tuple.of(config.relay().batchSize()))
                .chain(rs -> {
                    List<PendingEvent> rows = new ArrayList<>(rs.size());
                    for (Row row : rs) {
                        rows.add(new PendingEvent(row.getUUID("id"), row.getString("aggregatetype"),
                                row.getString("aggregateid"), row.getString("type"), row.getString("payload")));
                    }
                    if (rows.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return send(rows, context).chain(acked -> delete(conn, rows, acked));
                });
    }

    private Uni<Integer> delete(SqlConnection conn, List<PendingEvent> rows, int acked) {
        if (acked < rows.size()) {
            failures.increment();
        }
        if (acked == 0) {
            return Uni.createFrom().item(0);
        }
        UUID[] ids = rows.subList(0, acked).stream().map(PendingEvent::id).toArray(UUID[]::new);
        return conn.preparedQuery(deleteSql).execute(Tuple.tuple().addArrayOfUUID(ids))
                .invoke(() -> published.increment(acked))
                .replaceWith(acked);
    }

    /** Sends the rows in order and completes, once every send settled, with the length of the acknowledged prefix. */
    private Uni<Integer> send(List<PendingEvent> rows, Context context) {
        Uni<Integer> acked = Uni.createFrom().completionStage(() -> CompletableFuture
                .supplyAsync(() -> sendAll(rows), sender)
                .thenCompose(OutboxRelay::ackedPrefix));
        // Continue on the caller's Vert.x context: the transaction's connection belongs to it.
        return context == null ? acked : acked.emitOn(command -> context.runOnContext(v -> command.run()));
    }

    private List<CompletableFuture<RecordMetadata>> sendAll(List<PendingEvent> rows) {
        List<CompletableFuture<RecordMetadata>> results = new ArrayList<>(rows.size());
        for (PendingEvent row : rows) {
            CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
            results.add(result);
            try {
                ProducerRecord<String, String> record = new ProducerRecord<>(config.topicPrefix() + row.aggregateType(),
                        row.aggregateId(), row.payload());
                record.headers().add("id", row.id().toString().getBytes(StandardCharsets.UTF_8));
                record.headers().add("eventType", row.type().getBytes(StandardCharsets.UTF_8));
                producer().send(record, (metadata, error) -> {
                    if (error == null) {
                        result.complete(metadata);
                    } else {
                        result.completeExceptionally(error);
                    }
                });
            } catch (RuntimeException e) {
                // Later rows must not overtake this one: stop here, they go out again next tick.
                result.completeExceptionally(e);
                break;
            }
        }
        return results;
    }

    private static CompletableFuture<Integer> ackedPrefix(List<CompletableFuture<RecordMetadata>> results) {
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .handle((ignored, error) -> {
                    int prefix = 0;
                    for (CompletableFuture<RecordMetadata> result : results) {
                        if (result.isCompletedExceptionally()) {
                            LOG.warnf(result.handle((m, e) -> e).join(),
                                    "Outbox event could not be published; it and the rows after it stay queued");
                            break;
                        }
                        prefix++;
                    }
                    return prefix;
                });
    }

    private Producer<String, String> producer() {
        Producer<String, String> current = producer;
        if (current == null) {
            current = new KafkaProducer<>(producerProperties(), new StringSerializer(), new StringSerializer());
            producer = current;
        }
        return current;
    }

    Map<String, Object> producerProperties() {
        long deliveryMs = Math.max(2_000, config.relay().sendTimeout().toMillis());
        long requestMs = Math.min(30_000, deliveryMs / 2);
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestMs);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryMs);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(10_000, deliveryMs));
        props.putAll(config.relay().producer());
        return props;
    }

    private void onTickFailure(Throwable error) {
        if (stopped) {
            return;
        }
        failures.increment();
        long now = System.currentTimeMillis();
        if (now - lastFailureLog >= FAILURE_LOG_INTERVAL_MS) {
            lastFailureLog = now;
            LOG.warnf(error, "Outbox relay tick failed; retrying on the next tick");
        } else {
            LOG.debugf(error, "Outbox relay tick failed");
        }
    }

    /** Stops ticking before the datasource and Kafka clients shut down. */
    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        vertx.cancelTimer(timerId);
    }

    @PreDestroy
    void close() {
        stopped = true;
        vertx.cancelTimer(timerId);
        sender.submit(() -> {
            Producer<String, String> current = producer;
            if (current != null) {
                current.close(Duration.ofSeconds(5));
            }
        });
        sender.shutdown();
        try {
            sender.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record PendingEvent(UUID id, String aggregateType, String aggregateId, String type, String payload) {
    }
}
