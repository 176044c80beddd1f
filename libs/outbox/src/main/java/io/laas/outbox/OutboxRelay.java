package io.laas.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.laas.kafka.KafkaClientSettings;
import io.laas.outbox.OutboxPublisher.Sent;
import io.laas.tenancy.LedgerScope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Publishes outbox rows to Kafka in the shape Debezium's Outbox Event Router produces (see
 * {@link OutboxPublisher}), at least once, in {@code position} order per aggregate.
 *
 * <p><b>One active relay.</b> The instance that holds a session-level advisory lock (on one pooled
 * connection it keeps) relays; the others stay on standby and try to take the lock every
 * {@code laas.outbox.relay.interval}. No database transaction stays open while Kafka answers.
 *
 * <p><b>When it runs.</b> {@link #wake()} right after a commit that wrote outbox rows starts a batch
 * at once, or after {@code wake-delay} (calls made while one runs coalesce into one more batch); a timer every
 * {@code interval} is the fallback for rows nobody woke it for. Full batches follow each other
 * without pause.
 *
 * <p><b>A batch.</b> Read the oldest rows of the aggregates that are neither blocked nor waiting for an
 * answer, plus the oldest row of each blocked aggregate whose retry is due; hand them to the producer
 * in that order, stopping at the first failed send; wait up to {@code ack-wait} for the answers;
 * delete every acknowledged row in one statement. Rows are claimed by deleting them, never through an
 * id cursor, so a row whose transaction commits late is still published.
 *
 * <p><b>Failures.</b> An aggregate with a failed row is blocked: none of its later rows is handed to
 * the producer until that row is published (later rows already in flight may have been acknowledged;
 * consumers park events that arrive early and de-duplicate by event id). Its oldest row is retried
 * with back-off while every other aggregate keeps flowing. A record still unanswered after
 * {@code ack-wait} holds back its aggregate until Kafka answers. When Kafka answers nothing at all the
 * whole relay pauses with the same back-off, and after {@code kafka-unreachable-after} it says so
 * in {@link #status()}. Nothing is skipped: a row leaves the table only once Kafka acknowledged it.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final Batch IDLE = new Batch(0, false);
    /**
     * {@code max.request.size}: any record up to 1 MiB (the platform's Kafka record limit) plus its key,
     * headers and batch overhead.
     */
    static final int MAX_REQUEST_SIZE = (1 << 20) + (64 << 10);

    private final Pool pool;
    private final Vertx vertx;
    private final Context context;
    private final Executor onContext;
    private final OutboxConfig.Relay settings;
    private final String table;
    private final OutboxTable outbox;
    private final OutboxPublisher publisher;
    private final BlockedAggregates blocked;

    private final Counter published;
    private final Counter failures;
    private final Timer batchTimer;
    private final AtomicLong pendingRows = new AtomicLong();
    private final AtomicLong lagMillis = new AtomicLong();

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean wakeRequested = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean started;
    private volatile boolean active;
    private volatile Instant silentSince;
    private volatile String kafkaError;
    private volatile long timerId = -1;

    // Owned by the relay's Vert.x context.
    private SqlConnection lockHolder;
    private Instant lastLockAttempt;
    private int silentBatches;
    private Instant pausedUntil;
    private boolean unreachableLogged;
    private final Map<String, Integer> awaitingAnswer = new HashMap<>();
    private final List<UUID> lateAcknowledgements = new ArrayList<>();

    public OutboxRelay(@ReactiveDataSource(LedgerScope.BATCH_DATASOURCE) Pool pool, Vertx vertx, OutboxConfig config, MeterRegistry registry,
            KafkaClientSettings kafka, OpenTelemetry telemetry,
            @ConfigProperty(name = "quarkus.application.name", defaultValue = "laas") String applicationName) {
        this.pool = pool;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.onContext = command -> context.runOnContext(v -> command.run());
        this.settings = config.relay();
        this.table = OutboxWriter.checkedTable(config.table());
        this.outbox = new OutboxTable(table, settings.lockId());
        this.publisher = new OutboxPublisher(producerProperties(settings, kafka, "outbox-relay-" + applicationName),
                config.topicPrefix(), telemetry.getTracer("io.laas.outbox"));
        this.blocked = new BlockedAggregates(settings.retryBackoff(), settings.retryBackoffMax());

        this.published = Counter.builder("laas.outbox.published")
                .description("Outbox events acknowledged by Kafka and removed from the outbox")
                .tag("table", table).register(registry);
        this.failures = Counter.builder("laas.outbox.failures")
                .description("Relay batches with a failed or unanswered send")
                .tag("table", table).register(registry);
        this.batchTimer = Timer.builder("laas.outbox.batch")
                .description("Duration of one relay batch (read, send, wait for acknowledgements, delete)")
                .tag("table", table).register(registry);
        Gauge.builder("laas.outbox.pending", pendingRows, AtomicLong::doubleValue)
                .description("Rows waiting in the outbox").tag("table", table).register(registry);
        Gauge.builder("laas.outbox.lag.seconds", lagMillis, v -> v.get() / 1000.0)
                .description("Age of the oldest row waiting in the outbox").tag("table", table).register(registry);
        Gauge.builder("laas.outbox.blocked.aggregates", blocked, BlockedAggregates::size)
                .description("Aggregates held back because a row of theirs could not be published")
                .tag("table", table).register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        if (settings.enabled()) {
            LOG.infof("Outbox relay started: table %s, fallback poll every %s, batch %d", table, settings.interval(),
                    settings.batchSize());
            start();
        } else {
            LOG.info("Outbox relay disabled (laas.outbox.relay.enabled=false)");
        }
    }

    /** Starts relaying: the fallback timer, and {@link #wake()} from now on. */
    public void start() {
        if (started || closed.get()) {
            return;
        }
        started = true;
        timerId = vertx.setPeriodic(Math.max(1, settings.interval().toMillis()), id -> wake());
        wake();
    }

    /**
     * Asks for a batch now: call it right after committing a transaction that appended outbox rows, so
     * the event reaches Kafka within milliseconds instead of waiting for the fallback timer. Cheap
     * (two atomic operations when a batch is already running), never blocks, safe from the event loop
     * and from any thread at any rate: calls made while a batch runs coalesce into one more batch.
     * Does nothing when the relay is disabled, or (beyond the fallback timer) on a standby replica.
     */
    public void wake() {
        if (!started || closed.get()) {
            return;
        }
        wakeRequested.set(true);
        if (running.compareAndSet(false, true)) {
            context.runOnContext(v -> runLoopAfterWakeDelay());
        }
    }

    /** On the relay's context. */
    private void runLoopAfterWakeDelay() {
        long delayMillis = settings.wakeDelay().toMillis();
        if (delayMillis <= 0) {
            runLoop();
        } else {
            vertx.setTimer(delayMillis, id -> runLoop());
        }
    }

    private void runLoop() {
        if (closed.get()) {
            running.set(false);
            return;
        }
        wakeRequested.set(false);
        relayBatch(false).subscribe().with(this::continueOrRest, error -> {
            LOG.warn("Outbox relay batch failed", error);
            continueOrRest(IDLE);
        });
    }

    private void continueOrRest(Batch batch) {
        if (!closed.get() && batch.more()) {
            context.runOnContext(v -> runLoop());
            return;
        }
        if (!closed.get() && wakeRequested.get()) {
            context.runOnContext(v -> runLoopAfterWakeDelay());
            return;
        }
        rest();
    }

    private void rest() {
        running.set(false);
        if (wakeRequested.get()) {
            wake(); // requested after the last check: not lost
        }
    }

    /**
     * Relays one batch now, unless a batch is already running, and waits for every answer (up to
     * {@code send-timeout}). Returns how many rows Kafka acknowledged and the relay deleted; 0 when
     * another replica is the active relay, the outbox holds nothing to send, or a batch was running.
     */
    public Uni<Integer> relayOnce() {
        return Uni.createFrom().emitter(emitter -> context.runOnContext(v -> {
            if (!running.compareAndSet(false, true)) {
                emitter.complete(0);
                return;
            }
            relayBatch(true).subscribe().with(batch -> {
                rest();
                emitter.complete(batch.published());
            }, error -> {
                rest();
                emitter.fail(error);
            });
        }));
    }

    /** What this instance's relay is doing: its role, the blocked aggregates, whether Kafka is unreachable. */
    public RelayStatus status() {
        RelayStatus.Role role = active ? RelayStatus.Role.ACTIVE
                : started ? RelayStatus.Role.STANDBY : RelayStatus.Role.DISABLED;
        Instant since = silentSince;
        boolean unreachable = since != null && !since.plus(settings.kafkaUnreachableAfter()).isAfter(Instant.now());
        return new RelayStatus(role, blocked.snapshot(), unreachable ? Optional.of(since) : Optional.empty(),
                unreachable ? Optional.ofNullable(kafkaError) : Optional.empty());
    }

    private Uni<Batch> relayBatch(boolean explicit) {
        if (closed.get()) {
            return Uni.createFrom().item(IDLE);
        }
        if (!explicit && pausedUntil != null && Instant.now().isBefore(pausedUntil)) {
            return Uni.createFrom().item(IDLE);
        }
        return lead(explicit).chain(conn -> conn == null
                ? Uni.createFrom().item(IDLE)
                : relayAsLeader(conn, explicit)
                        .onFailure().call(this::resign)
                        .onFailure().recoverWithItem(IDLE));
    }

    /** The connection holding the relay lock, taking the lock if free; {@code null} on a standby. */
    private Uni<SqlConnection> lead(boolean explicit) {
        if (lockHolder != null) {
            return Uni.createFrom().item(lockHolder);
        }
        Instant now = Instant.now();
        if (!explicit && lastLockAttempt != null && now.isBefore(lastLockAttempt.plus(settings.interval()))) {
            return Uni.createFrom().nullItem();
        }
        lastLockAttempt = now;
        return pool.getConnection().chain(conn -> {
            // held for long: when the database ends it (a restart) the failure is logged here, not printed on
            // stderr by the client, and the relay's next statement fails and resigns
            conn.exceptionHandler(e -> LOG.debugf("The outbox relay lock's connection failed: %s", e.getMessage()));
            return outbox.tryLock(conn)
                    .onFailure().call(conn::close)
                    .chain(locked -> {
                        if (!locked) {
                            return conn.close().replaceWith((SqlConnection) null);
                        }
                        lockHolder = conn;
                        active = true;
                        LOG.infof("Outbox relay of %s is the active one", table);
                        return Uni.createFrom().item(conn);
                    });
        })
                .onFailure().invoke(e -> LOG.debugf(e, "Could not try the outbox relay lock"))
                .onFailure().recoverWithNull();
    }

    /**
     * Gives the lock back (a database error, or closing): another replica, or this one later, takes over
     * and finds any unpublishable row again, so this replica forgets its blockages rather than report
     * stale ones.
     */
    private Uni<Void> resign(Throwable cause) {
        SqlConnection conn = lockHolder;
        lockHolder = null;
        active = false;
        lateAcknowledgements.clear();
        blocked.clear();
        if (conn == null) {
            return Uni.createFrom().voidItem();
        }
        if (cause != null) {
            LOG.warnf(cause, "Outbox relay of %s gives up the lock after an error; rows not yet deleted are sent again", table);
        }
        return outbox.unlock(conn).onItemOrFailure().transformToUni((ignored, error) -> conn.close());
    }

    private Uni<Batch> relayAsLeader(SqlConnection conn, boolean explicit) {
        long startNanos = System.nanoTime();
        List<UUID> lateAcks = List.copyOf(lateAcknowledgements);
        lateAcknowledgements.clear();
        return outbox.delete(conn, lateAcks).invoke(() -> published.increment(lateAcks.size())).chain(() -> {
            Instant now = Instant.now();
            Set<String> excluded = new HashSet<>(blocked.ids());
            excluded.addAll(awaitingAnswer.keySet());
            List<String> due = blocked.due(now, settings.batchSize()).stream()
                    .filter(id -> !awaitingAnswer.containsKey(id))
                    .toList();
            Uni<List<PendingEvent>> heads = due.isEmpty()
                    ? Uni.createFrom().item(List.of())
                    : outbox.heads(conn, due);
            return outbox.oldest(conn, settings.batchSize(), excluded)
                    .chain(rows -> heads.map(h -> new Selection(rows, h, due)));
        }).chain(selection -> {
            releaseVanished(selection);
            if (selection.isEmpty()) {
                return Uni.createFrom().item(new Batch(0, false));
            }
            Duration wait = explicit ? settings.sendTimeout() : settings.ackWait();
            return publish(selection, wait).chain(outcome -> outbox.delete(conn, outcome.acknowledged())
                    .invoke(() -> {
                        published.increment(outcome.acknowledged().size());
                        batchTimer.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
                    })
                    .replaceWith(new Batch(outcome.acknowledged().size(), outcome.more())));
        });
    }

    /** Heads due for a retry that the table no longer holds were deleted by someone else: nothing to wait for. */
    private void releaseVanished(Selection selection) {
        Set<String> found = new HashSet<>();
        selection.heads().forEach(head -> found.add(head.aggregateId()));
        for (String aggregateId : selection.due()) {
            if (!found.contains(aggregateId) && blocked.release(aggregateId) != null) {
                LOG.infof("Outbox aggregate %s is no longer blocked: its failing row is gone from %s", aggregateId, table);
            }
        }
    }

    private Uni<Outcome> publish(Selection selection, Duration wait) {
        List<PendingEvent> batch = new ArrayList<>(selection.rows().size() + selection.heads().size());
        batch.addAll(selection.rows());
        batch.addAll(selection.heads()); // last: a retry that fails again cuts no other row out of the batch
        Instant startedAt = Instant.now();
        return Uni.createFrom().completionStage(() -> publisher.send(batch))
                .chain(handed -> Uni.createFrom().completionStage(() -> handed.answered()
                        .completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS)).replaceWith(handed.sent()))
                .emitOn(onContext)
                .map(sent -> settle(selection, batch.size(), sent, startedAt));
    }

    /** Books the answers of a batch; records still unanswered are booked when they are. */
    private Outcome settle(Selection selection, int batchSize, List<Sent> sent, Instant startedAt) {
        Instant now = Instant.now();
        List<UUID> acknowledged = new ArrayList<>();
        Throwable lastError = null;
        boolean onlyTransientFailures = true;
        int released = 0;
        int unanswered = 0;
        int failed = 0;
        for (Sent s : sent) {
            if (!s.ack().isDone()) {
                unanswered++;
                awaitAnswer(s);
            } else if (!s.ack().isCompletedExceptionally()) {
                acknowledged.add(s.event().id());
                if (releaseIfHead(s.event())) {
                    released++;
                }
            } else {
                failed++;
                lastError = causeOf(s.ack());
                onlyTransientFailures &= BlockedAggregates.isTransient(lastError);
                block(s.event(), lastError, now);
            }
        }
        if (failed > 0 || unanswered > 0) {
            failures.increment();
        }
        boolean silent = false;
        if (!acknowledged.isEmpty()) {
            kafkaAnswered(now);
        } else if (!sent.isEmpty() && onlyTransientFailures) {
            kafkaSilent(startedAt, now, lastError);
            silent = true;
        }
        boolean more = !silent
                && (selection.rows().size() == settings.batchSize() || sent.size() < batchSize || released > 0);
        return new Outcome(acknowledged, more);
    }

    private void awaitAnswer(Sent sent) {
        awaitingAnswer.merge(sent.event().aggregateId(), 1, Integer::sum);
        sent.ack().whenComplete((ignored, error) -> context.runOnContext(v -> answeredLate(sent.event(), error)));
    }

    private void answeredLate(PendingEvent event, Throwable error) {
        awaitingAnswer.computeIfPresent(event.aggregateId(), (id, count) -> count == 1 ? null : count - 1);
        Instant now = Instant.now();
        if (error == null) {
            if (lockHolder != null) {
                lateAcknowledgements.add(event.id());
            }
            releaseIfHead(event);
            kafkaAnswered(now);
        } else {
            Throwable cause = unwrap(error);
            block(event, cause, now);
            if (BlockedAggregates.isTransient(cause) && silentSince != null) {
                kafkaError = BlockedAggregates.describe(cause);
            }
        }
        wake();
    }

    private void block(PendingEvent event, Throwable error, Instant now) {
        if (blocked.fail(event, error, now)) {
            LOG.warnf("Outbox event %s (%s) of aggregate %s could not be published; its later events wait for it"
                    + " while the other aggregates flow: %s", event.id(), event.type(), event.aggregateId(),
                    BlockedAggregates.describe(error));
        } else {
            LOG.debugf("Outbox event %s of aggregate %s failed again: %s", event.id(), event.aggregateId(),
                    BlockedAggregates.describe(error));
        }
    }

    private boolean releaseIfHead(PendingEvent event) {
        BlockedAggregate was = blocked.releaseIfHeldBy(event);
        if (was != null) {
            LOG.infof("Outbox event %s of aggregate %s published after %d failed attempt(s) since %s; the aggregate flows again",
                    event.id(), event.aggregateId(), was.attempts(), was.since());
        }
        return was != null;
    }

    private void kafkaAnswered(Instant now) {
        silentBatches = 0;
        pausedUntil = null;
        if (silentSince != null) {
            if (unreachableLogged) {
                LOG.infof("Kafka acknowledges the outbox relay of %s again (unreachable since %s)", table, silentSince);
            }
            silentSince = null;
            kafkaError = null;
            unreachableLogged = false;
            blocked.retryTransientNow(now);
        }
    }

    /** A batch that Kafka acknowledged nothing of, and rejected nothing of for the record's own sake. */
    private void kafkaSilent(Instant batchStart, Instant now, Throwable error) {
        if (silentSince == null) {
            silentSince = batchStart;
        }
        if (error != null || kafkaError == null) {
            kafkaError = error != null ? BlockedAggregates.describe(error)
                    : "no acknowledgement within " + settings.ackWait().toMillis() + " ms";
        }
        silentBatches++;
        pausedUntil = now.plus(blocked.backoff(silentBatches));
        if (!unreachableLogged && !silentSince.plus(settings.kafkaUnreachableAfter()).isAfter(now)) {
            unreachableLogged = true;
            LOG.warnf("Kafka has acknowledged nothing from the outbox relay of %s since %s: %s", table, silentSince, kafkaError);
        }
    }

    private static Throwable causeOf(CompletableFuture<Void> failed) {
        return unwrap(failed.handle((ignored, error) -> error).join());
    }

    private static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    @Scheduled(identity = "laas-outbox-metrics", every = "${laas.outbox.relay.metrics-interval:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshGauges() {
        return outbox.backlog(pool)
                .invoke(backlog -> {
                    pendingRows.set(backlog.pending());
                    lagMillis.set(backlog.lagMillis());
                })
                .onFailure().invoke(e -> LOG.debugf(e, "Could not read outbox statistics"))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * The relay's producer: the service's shared Kafka connection and security settings, then the relay's own
     * delivery settings, then {@code laas.outbox.relay.producer.*}.
     */
    static Map<String, Object> producerProperties(OutboxConfig.Relay settings, KafkaClientSettings kafka, String clientId) {
        long deliveryMs = Math.max(2_000, settings.sendTimeout().toMillis());
        long requestMs = Math.min(30_000, deliveryMs / 2);
        Map<String, Object> props = kafka.common();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        // A batch hands all its rows at once, so records group by themselves; lingering would only add
        // latency to the event a wake() is for.
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        // lz4 costs about 3 µs of CPU per event here (measured) and cuts network, disk and replication
        // bytes several times for JSON payloads.
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST_SIZE);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestMs);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryMs);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(10_000, deliveryMs));
        props.putAll(settings.producer());
        return props;
    }

    void onShutdown(@Observes ShutdownEvent event) {
        close();
    }

    /** Stops relaying, gives the relay lock back and closes the producer. */
    @PreDestroy
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long timer = timerId;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        context.runOnContext(v -> resign(null).subscribe().with(ignored -> {
        }, error -> LOG.debugf(error, "Could not give the outbox relay lock back")));
        publisher.close();
    }

    private record Selection(List<PendingEvent> rows, List<PendingEvent> heads, List<String> due) {

        boolean isEmpty() {
            return rows.isEmpty() && heads.isEmpty();
        }
    }

    private record Outcome(List<UUID> acknowledged, boolean more) {
    }

    private record Batch(int published, boolean more) {
    }
}
