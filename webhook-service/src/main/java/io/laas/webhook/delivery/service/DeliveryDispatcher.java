package io.laas.webhook.delivery.service;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import io.laas.tenancy.LedgerScope;
import io.laas.web.tracing.TraceContext;
import io.laas.webhook.config.WebhookConfig;
import io.laas.webhook.delivery.AttemptOutcome;
import io.laas.webhook.delivery.ClaimedDelivery;
import io.laas.webhook.delivery.DeliveryStatus;
import io.laas.webhook.delivery.WebhookSignature;
import io.laas.webhook.delivery.repository.DeliveryRepository;
import io.laas.webhook.delivery.repository.EndpointQueueRepository;
import io.laas.webhook.endpoint.DisabledEndpoint;
import io.laas.webhook.endpoint.service.EndpointSecrets;
import io.laas.webhook.net.TargetGuard;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Delivers due webhooks. The loop runs on one Vert.x context (all its state is confined there) and is
 * woken when this replica's intake commits new deliveries, when an attempt finishes, when the earliest
 * scheduled attempt is due, and at the latest after {@code laas.webhook.dispatch-interval} (work queued
 * by other replicas). Each run is one {@link DispatchCycleService} transaction: it records the outcomes
 * of finished attempts and claims what can be sent now (free slots of this replica, and per endpoint the
 * cap minus its attempts in flight anywhere). Claimed deliveries join their endpoint's lane, which sends
 * up to the per-endpoint cap at once, each under its own lease. An endpoint that answers quickly is
 * leased ahead (up to {@code laas.webhook.prefetch-per-endpoint}): when one of its attempts ends, the lane
 * sends the next at once rather than after the next cycle, so one endpoint's rate is bounded by its own
 * speed, not by the database round trips of a cycle. All state is in the database: retries survive
 * restarts, several replicas share the work.
 */
@ApplicationScoped
public class DeliveryDispatcher {

    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);
    private static final Duration SHORTEST_WAIT = Duration.ofMillis(20);
    private static final Duration FIRST_FAILURE_BACKOFF = Duration.ofMillis(200);
    private static final Duration LONGEST_FAILURE_BACKOFF = Duration.ofSeconds(5);
    private static final int FAILURES_BETWEEN_WARNINGS = 20;
    private static final Duration SHUTDOWN_DRAIN = Duration.ofSeconds(10);
    /** An endpoint whose attempts take no longer than this on average is leased ahead. */
    private static final double FAST_ATTEMPT_MILLIS = 250;
    /** Weight of the newest attempt in an endpoint's average attempt time. */
    private static final double ATTEMPT_TIME_WEIGHT = 0.2;
    /**
     * Finished attempts are recorded together: a cycle starts when this many are waiting, or this long after
     * an attempt ended. Lanes send what they hold leased meanwhile, so it costs a quick endpoint nothing.
     */
    private static final int RECORD_AT_ONCE = 64;
    private static final Duration RECORD_WITHIN = Duration.ofMillis(10);
    /** An endpoint with nothing leased here for this long is forgotten (it starts again at the cap). */
    private static final long FORGET_IDLE_LANE_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** This replica's deliveries of one endpoint: leased and waiting to be sent, and attempts in flight. */
    private static final class Lane {
        final ArrayDeque<Leased> waiting = new ArrayDeque<>();
        int sending;
        /** The endpoint's cap of attempts in flight, as of its last claimed delivery. */
        int cap;
        /** Moving average of the endpoint's attempt times; negative until an attempt ended. */
        double attemptMillis = -1;
        /** When the lane last had something to do (System.nanoTime()). */
        long lastActive = System.nanoTime();

        boolean idleSince(long cutoff) {
            return sending == 0 && waiting.isEmpty() && lastActive < cutoff;
        }
    }

    /** A claimed delivery, and when its lease ends at the latest (System.nanoTime()). */
    private record Leased(ClaimedDelivery delivery, long leaseEndsBy) {
    }

    private final io.vertx.core.Vertx vertx;
    /** The batch datasource: the queue-depth gauge counts the deliveries of every ledger. */
    private final Pool pool;
    private final WebhookConfig config;
    private final DispatchCycleService cycles;
    private final DeliveryRepository deliveries;
    private final EndpointQueueRepository queues;
    private final TargetGuard guard;
    private final WebhookSender sender;
    private final RetryPolicy retryPolicy;
    private final EndpointSecrets secrets;
    private final Tracer tracer;
    private final WebhookMetrics metrics;
    private final int maxInFlight;
    private final int perEndpointCap;
    private final long leaseNanos;
    /** The time an attempt may take at most: less lease than this left, and a leased delivery is released. */
    private final long longestAttemptNanos;
    /** Endpoints that answered quickly, leased ahead; read by the cycle on other threads. */
    private final Set<UUID> prefetching = ConcurrentHashMap.newKeySet();

    private volatile Context context;
    // Confined to `context`:
    private final List<AttemptOutcome> outcomes = new ArrayList<>();
    private final Map<UUID, Lane> lanes = new HashMap<>();
    /** Deliveries leased and not yet attempted, and attempts in flight. */
    private int held;
    private int inFlight;
    private boolean cycleRunning;
    private boolean cycleRequested;
    private long timerId = -1;
    private long timerDueAt;
    private int failedCycles;
    private long retryNotBefore;
    private long lanesSweptAt = System.nanoTime();
    private boolean stopping;
    private CompletableFuture<Void> drained;

    public DeliveryDispatcher(Vertx vertx, @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE) Pool pool,
            WebhookConfig config, DispatchCycleService cycles,
            DeliveryRepository deliveries, EndpointQueueRepository queues, TargetGuard guard, WebhookSender sender, RetryPolicy retryPolicy,
            WebhookMetrics metrics, EndpointSecrets secrets, Tracer tracer) {
        Duration longestAttempt = config.dnsTimeout().plus(config.requestTimeout()).plusSeconds(1);
        if (config.claimLease().compareTo(longestAttempt) <= 0) {
            throw new IllegalStateException("laas.webhook.claim-lease (" + config.claimLease()
                    + ") must exceed laas.webhook.dns-timeout + laas.webhook.request-timeout + 1s (" + longestAttempt
                    + "), or attempts could outlive their lease");
        }
        this.vertx = vertx.getDelegate();
        this.pool = pool;
        this.config = config;
        this.cycles = cycles;
        this.deliveries = deliveries;
        this.queues = queues;
        this.guard = guard;
        this.sender = sender;
        this.retryPolicy = retryPolicy;
        this.metrics = metrics;
        this.secrets = secrets;
        this.tracer = tracer;
        this.maxInFlight = Math.max(1, config.maxInFlight());
        this.perEndpointCap = Math.max(1, config.maxInFlightPerEndpoint());
        this.leaseNanos = config.claimLease().toNanos();
        this.longestAttemptNanos = longestAttempt.toNanos();
    }

    void start(@Observes StartupEvent event) {
        Context created = vertx.getOrCreateContext();
        context = created;
        created.runOnContext(v -> requestCycle());
    }

    /**
     * New deliveries were committed: run a dispatch cycle now rather than on the next timer. Callable
     * from any thread.
     */
    public void wakeUp() {
        Context target = context;
        if (target != null) {
            target.runOnContext(v -> requestCycle());
        }
    }

    /** Stops claiming, and gives the attempts in flight a moment to finish and be recorded. */
    void stop(@Observes ShutdownEvent event) {
        Context target = context;
        if (target == null) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        target.runOnContext(v -> {
            stopping = true;
            drained = done;
            List.copyOf(lanes.values()).forEach(this::pump);
            requestCycle();
            checkDrained();
        });
        try {
            done.get(SHUTDOWN_DRAIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("Webhook attempts were still in flight at shutdown; they are made again after their lease");
        } catch (Exception e) {
            LOG.debug("Interrupted while waiting for webhook attempts in flight", e);
        }
    }

    @Scheduled(identity = "webhook-queue-depth", every = "${laas.webhook.pending-gauge-interval:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshQueueDepth() {
        return deliveries.queueDepth(pool)
                .invoke(depth -> metrics.queueDepth(depth.pending(), depth.due()))
                .flatMap(depth -> queues.countThrottled(pool))
                .invoke(metrics::endpointsThrottled)
                .onFailure().invoke(e -> LOG.debugf(e, "Could not measure the delivery queue"))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private void requestCycle() {
        if (cycleRunning) {
            cycleRequested = true;
            return;
        }
        if (stopping && outcomes.isEmpty()) {
            checkDrained();
            return;
        }
        long now = System.nanoTime();
        if (now < retryNotBefore) {
            armTimer(Duration.ofNanos(retryNotBefore - now));
            return;
        }
        forgetIdleLanes(now);
        cycleRunning = true;
        cycleRequested = false;
        List<AttemptOutcome> recording = new ArrayList<>(outcomes);
        outcomes.clear();
        int freeSlots = stopping ? 0 : maxInFlight - held;
        long started = System.nanoTime();
        cycles.run(recording, freeSlots, prefetching)
                .emitOn(this::onContext)
                .subscribe().with(cycle -> {
                    LOG.debugf("Dispatch cycle recorded %d outcomes and claimed %d deliveries in %d ms",
                            recording.size(), cycle.claimed().size(), (System.nanoTime() - started) / 1_000_000);
                    cycleCommitted(recording, cycle, started + leaseNanos);
                }, failure -> cycleFailed(recording, failure));
    }

    private void cycleCommitted(List<AttemptOutcome> recorded, DispatchCycleService.Cycle cycle, long leaseEndsBy) {
        if (failedCycles > 0) {
            LOG.infof("Webhook dispatch works again after %d failed cycles", failedCycles);
            failedCycles = 0;
            retryNotBefore = 0;
        }
        report(recorded, cycle);
        for (DisabledEndpoint endpoint : cycle.disabled()) {
            // Its pending deliveries failed with it: what this replica holds leased of it is not sent.
            Lane lane = lanes.get(endpoint.id());
            if (lane != null) {
                held -= lane.waiting.size();
                lane.waiting.clear();
            }
        }
        Set<Lane> joined = new HashSet<>();
        for (ClaimedDelivery delivery : cycle.claimed()) {
            Lane lane = lanes.computeIfAbsent(delivery.endpointId(), id -> new Lane());
            lane.cap = Math.max(1, Math.min(perEndpointCap, delivery.maxInFlight()));
            lane.waiting.add(new Leased(delivery, leaseEndsBy));
            held++;
            joined.add(lane);
        }
        joined.forEach(this::pump);
        cycleRunning = false;
        boolean mayFindMore = !cycle.claimed().isEmpty() && held < maxInFlight;
        if (cycleRequested || mayFindMore) {
            requestCycle();
        } else {
            armTimer(waitUntil(cycle.nextDueAt()));
            checkDrained();
        }
    }

    private void cycleFailed(List<AttemptOutcome> unrecorded, Throwable failure) {
        cycleRunning = false;
        outcomes.addAll(0, unrecorded);
        failedCycles++;
        long factor = 1L << Math.min(failedCycles - 1, 10);
        Duration backoff = FIRST_FAILURE_BACKOFF.multipliedBy(factor);
        if (backoff.compareTo(LONGEST_FAILURE_BACKOFF) > 0) {
            backoff = LONGEST_FAILURE_BACKOFF;
        }
        retryNotBefore = System.nanoTime() + backoff.toNanos();
        if (failedCycles % FAILURES_BETWEEN_WARNINGS == 1) {
            LOG.warnf("Webhook dispatch cycle failed (%d in a row, %d outcomes waiting to be recorded), retrying in %s: %s",
                    failedCycles, outcomes.size(), backoff, failure.toString());
        } else {
            LOG.debugf(failure, "Webhook dispatch cycle failed (%d in a row)", failedCycles);
        }
        armTimer(backoff);
    }

    /** How long to sleep when nothing asks for a cycle: until the next due endpoint, within bounds. */
    private Duration waitUntil(Instant nextDueAt) {
        Duration fallback = config.dispatchInterval();
        if (nextDueAt == null || held >= maxInFlight) {
            return fallback;
        }
        Duration wait = Duration.between(Instant.now(), nextDueAt);
        if (wait.compareTo(SHORTEST_WAIT) < 0) {
            return SHORTEST_WAIT;
        }
        return wait.compareTo(fallback) < 0 ? wait : fallback;
    }

    /** Makes sure a cycle runs within {@code wait}; an earlier timer already armed stays. */
    private void armTimer(Duration wait) {
        if (stopping && inFlight == 0 && outcomes.isEmpty()) {
            return;
        }
        long delayMillis = Math.max(1, wait.toMillis());
        long dueAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis);
        if (timerId != -1) {
            if (timerDueAt <= dueAt) {
                return;
            }
            vertx.cancelTimer(timerId);
        }
        timerDueAt = dueAt;
        timerId = vertx.setTimer(delayMillis, id -> {
            if (id == timerId) {
                timerId = -1;
            }
            requestCycle();
        });
    }

    /**
     * Sends the lane's waiting deliveries while it has fewer than the cap in flight. A delivery whose lease
     * could end before its attempt does, or any when the dispatcher stops, is released instead.
     */
    private void pump(Lane lane) {
        boolean released = false;
        lane.lastActive = System.nanoTime();
        while (lane.sending < lane.cap && !lane.waiting.isEmpty()) {
            Leased next = lane.waiting.poll();
            if (stopping || next.leaseEndsBy() - System.nanoTime() < longestAttemptNanos) {
                held--;
                outcomes.add(AttemptOutcome.release(next.delivery()));
                released = true;
            } else {
                send(lane, next.delivery());
            }
        }
        if (released) {
            requestCycle();
        }
    }

    private void send(Lane lane, ClaimedDelivery delivery) {
        inFlight++;
        lane.sending++;
        publishInFlight();
        if (!delivery.endpointEnabled()) {
            finish(lane, AttemptOutcome.endpointDisabled(delivery));
            return;
        }
        int attemptNumber = delivery.attempts() + 1;
        Instant attemptedAt = Instant.now();
        long started = System.nanoTime();
        Span span = attemptSpan(delivery, attemptNumber);
        Uni.createFrom().deferred(() -> {
            String webhookId = delivery.messageId().toString();
            String body = body(delivery);
            long timestamp = attemptedAt.getEpochSecond();
            String secret = secrets.open(delivery.endpointId(), delivery.secret());
            String signature = WebhookSignature.sign(secret, webhookId, timestamp, body);
            if (delivery.previousSecret() != null) {
                // a rotation's overlap: the receiver may still verify with the previous secret
                signature += " " + WebhookSignature.sign(secrets.open(delivery.endpointId(), delivery.previousSecret()),
                        webhookId, timestamp, body);
            }
            String signatures = signature;
            // The address is checked again at every attempt: DNS may have changed since the endpoint was created.
            return guard.vet(URI.create(delivery.url()))
                    .invoke(target -> {
                        if (attemptNumber == 1) {
                            recordFirstAttemptLatency(delivery);
                        }
                    })
                    .flatMap(target -> sender.send(target, webhookId, timestamp, signatures, body,
                            delivery.headers(), span == null ? null : TraceContext.of(span)));
        })
                .onFailure().recoverWithItem(e -> SendResult.failure(WebhookSender.describe(e)))
                .invoke(result -> attemptEnded(span, result))
                .emitOn(this::onContext)
                .subscribe().with(result -> finish(lane, outcome(delivery, attemptNumber, attemptedAt,
                        Duration.ofNanos(System.nanoTime() - started), result)));
    }

    /** The span of an attempt to deliver an event that arrived in a trace; {@code null} for one that did not. */
    private Span attemptSpan(ClaimedDelivery delivery, int attemptNumber) {
        if (delivery.traceparent() == null) {
            return null;
        }
        return tracer.spanBuilder("POST webhook")
                .setParent(TraceContext.parent(delivery.traceparent()))
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("http.request.method", "POST")
                .setAttribute("laas.webhook.delivery_id", delivery.id().toString())
                .setAttribute("laas.webhook.endpoint_id", delivery.endpointId().toString())
                .setAttribute("laas.webhook.attempt", attemptNumber)
                .setAttribute("messaging.message.id", delivery.messageId().toString())
                .startSpan();
    }

    private static void attemptEnded(Span span, SendResult result) {
        if (span == null) {
            return;
        }
        if (result.status() != null) {
            span.setAttribute("http.response.status_code", result.status());
        }
        if (!result.success()) {
            span.setStatus(StatusCode.ERROR, result.error() != null ? result.error() : "HTTP " + result.status());
        }
        span.end();
    }

    private AttemptOutcome outcome(ClaimedDelivery delivery, int attemptNumber, Instant attemptedAt, Duration elapsed,
            SendResult result) {
        metrics.attempt(result.success(), elapsed);
        DeliveryStatus status;
        Duration nextDelay = null;
        Duration throttle = null;
        if (result.success()) {
            status = DeliveryStatus.SUCCEEDED;
        } else if (result.gone()) {
            status = DeliveryStatus.FAILED;
        } else {
            Duration retryAfter = RetryPolicy.parseRetryAfter(result.retryAfter(), Instant.now());
            Optional<Duration> next = retryPolicy.nextDelay(attemptNumber - delivery.roundStart(), retryAfter);
            status = next.isPresent() ? DeliveryStatus.PENDING : DeliveryStatus.FAILED;
            nextDelay = next.orElse(null);
            throttle = retryPolicy.throttle(result.status(), retryAfter);
        }
        return new AttemptOutcome(delivery, attemptNumber, true, status, nextDelay, attemptedAt, result.status(),
                result.error(), elapsed.toMillis(), result.gone(), delivery.url(), result.failedExchange(), throttle);
    }

    private void finish(Lane lane, AttemptOutcome outcome) {
        inFlight--;
        held--;
        lane.sending--;
        UUID endpointId = outcome.delivery().endpointId();
        if (outcome.attempted()) {
            lane.attemptMillis = lane.attemptMillis < 0 ? outcome.durationMs()
                    : lane.attemptMillis + ATTEMPT_TIME_WEIGHT * (outcome.durationMs() - lane.attemptMillis);
            if (lane.attemptMillis <= FAST_ATTEMPT_MILLIS) {
                prefetching.add(endpointId);
            } else {
                prefetching.remove(endpointId);
            }
        }
        outcomes.add(outcome);
        if (outcome.throttle() != null) {
            // The endpoint asked for a pause: what this lane holds leased goes back, to be claimed after it.
            while (!lane.waiting.isEmpty()) {
                held--;
                outcomes.add(AttemptOutcome.release(lane.waiting.poll().delivery()));
            }
        }
        pump(lane);
        publishInFlight();
        if (outcomes.size() >= RECORD_AT_ONCE || stopping) {
            requestCycle();
        } else {
            armTimer(RECORD_WITHIN);
        }
    }

    private void forgetIdleLanes(long now) {
        if (now - lanesSweptAt < FORGET_IDLE_LANE_NANOS / 4) {
            return;
        }
        lanesSweptAt = now;
        long cutoff = now - FORGET_IDLE_LANE_NANOS;
        lanes.entrySet().removeIf(entry -> {
            boolean forget = entry.getValue().idleSince(cutoff);
            if (forget) {
                prefetching.remove(entry.getKey());
            }
            return forget;
        });
    }

    private void publishInFlight() {
        int busiest = 0;
        int atCap = 0;
        for (Lane lane : lanes.values()) {
            busiest = Math.max(busiest, lane.sending);
            if (lane.sending >= lane.cap) {
                atCap++;
            }
        }
        metrics.inFlight(inFlight, busiest, atCap);
    }

    private void recordFirstAttemptLatency(ClaimedDelivery delivery) {
        if (delivery.recordedAtTime() != null) {
            metrics.firstAttemptLeft(Duration.between(delivery.recordedAtTime(), Instant.now()));
        }
    }

    private void report(List<AttemptOutcome> recorded, DispatchCycleService.Cycle cycle) {
        for (AttemptOutcome outcome : recorded) {
            if (outcome.released()) {
                continue;
            }
            if (!cycle.recorded().contains(outcome.delivery().id())) {
                LOG.warnf("Attempt %d of delivery %s ended when the delivery was no longer pending with %d attempts"
                        + " (its lease had expired, or its endpoint was disabled); the result was dropped",
                        outcome.attemptNumber(), outcome.delivery().id(), outcome.attemptNumber() - 1);
                continue;
            }
            log(outcome);
            if (outcome.attempted()) {
                metrics.attemptRecorded(outcome.status());
            }
            if (outcome.status() == DeliveryStatus.SUCCEEDED) {
                metrics.deliverySucceeded();
            } else if (outcome.status() == DeliveryStatus.FAILED) {
                metrics.deliveriesFailed(1);
            }
        }
        if (cycle.failedWithDisabledEndpoints() > 0) {
            metrics.deliveriesFailed(cycle.failedWithDisabledEndpoints());
        }
        for (DisabledEndpoint endpoint : cycle.disabled()) {
            metrics.endpointDisabled(endpoint.reason());
            if (DisabledEndpoint.FAILING.equals(endpoint.reason())) {
                LOG.warnf("Endpoint %s has not answered with a 2xx since %s; it is disabled and its pending"
                        + " deliveries failed", endpoint.id(), endpoint.failingSince());
            }
        }
    }

    private void log(AttemptOutcome outcome) {
        ClaimedDelivery delivery = outcome.delivery();
        if (!outcome.attempted()) {
            LOG.infof("Delivery of %s to endpoint %s failed without an attempt: the endpoint is disabled",
                    delivery.messageId(), delivery.endpointId());
        } else if (outcome.status() == DeliveryStatus.SUCCEEDED) {
            LOG.debugf("Delivered %s (%s) to endpoint %s on attempt %d", delivery.messageId(), delivery.eventType(),
                    delivery.endpointId(), outcome.attemptNumber());
        } else if (outcome.gone()) {
            LOG.warnf("Endpoint %s answered 410 Gone; it is disabled and its pending deliveries failed",
                    delivery.endpointId());
        } else if (outcome.status() == DeliveryStatus.PENDING) {
            LOG.infof("Attempt %d of %s to endpoint %s failed (%s); next attempt in %s", outcome.attemptNumber(),
                    delivery.messageId(), delivery.endpointId(), outcome.error(), outcome.nextDelay());
        } else {
            LOG.warnf("Delivery of %s to endpoint %s failed after %d attempts (%s)", delivery.messageId(),
                    delivery.endpointId(), outcome.attemptNumber(), outcome.error());
        }
    }

    private void checkDrained() {
        if (stopping && drained != null && inFlight == 0 && outcomes.isEmpty() && !cycleRunning) {
            drained.complete(null);
        }
    }

    private void onContext(Runnable task) {
        context.runOnContext(v -> task.run());
    }

    /** Standard Webhooks body: {@code {"type", "timestamp", "data": <the event envelope>}}. */
    static String body(ClaimedDelivery delivery) {
        return body(delivery.eventType(), delivery.recordedAt(), delivery.payload());
    }

    /**
     * The body of a message's webhook, the same at every attempt: {@code recordedAt} as selected by
     * {@link DeliveryRepository#RECORDED_AT}, {@code payload} the stored envelope as text.
     */
    public static String body(String eventType, String recordedAt, String payload) {
        return "{\"type\":" + quote(eventType) + ",\"timestamp\":" + quote(recordedAt) + ",\"data\":" + payload + "}";
    }

    private static String quote(String value) {
        return value == null ? "null" : "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + "\"";
    }
}
