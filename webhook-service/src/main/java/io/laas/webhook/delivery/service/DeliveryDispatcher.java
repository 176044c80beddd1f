package io.laas.webhook.delivery.service;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import io.laas.webhook.config.WebhookConfig;
import io.laas.webhook.delivery.ClaimedDelivery;
import io.laas.webhook.delivery.WebhookSignature;
import io.laas.webhook.delivery.repository.AttemptRepository;
import io.laas.webhook.delivery.repository.DeliveryRepository;
import io.laas.webhook.endpoint.repository.EndpointRepository;
import io.laas.webhook.net.TargetGuard;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Delivers due webhooks. Each tick claims a batch of due deliveries (committed at once, so no lock
 * is held while sending), sends them concurrently and records every attempt with the delivery's new
 * state in one transaction. All state is in the database: retries survive restarts, and several
 * replicas share the work through {@code FOR UPDATE SKIP LOCKED}.
 */
@ApplicationScoped
public class DeliveryDispatcher {

    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);
    static final String PENDING = "pending";
    static final String SUCCEEDED = "succeeded";
    static final String FAILED = "failed";
    private static final int MAX_BATCHES_PER_TICK = 20;

    private final Pool pool;
    private final WebhookConfig config;
    private final DeliveryRepository deliveries;
    private final AttemptRepository attempts;
    private final EndpointRepository endpoints;
    private final TargetGuard guard;
    private final WebhookSender sender;
    private final RetryPolicy retryPolicy;
    private final WebhookMetrics metrics;
    private volatile boolean stopping;

    public DeliveryDispatcher(Pool pool, WebhookConfig config, DeliveryRepository deliveries,
            AttemptRepository attempts, EndpointRepository endpoints, TargetGuard guard, WebhookSender sender,
            RetryPolicy retryPolicy, WebhookMetrics metrics) {
        this.pool = pool;
        this.config = config;
        this.deliveries = deliveries;
        this.attempts = attempts;
        this.endpoints = endpoints;
        this.guard = guard;
        this.sender = sender;
        this.retryPolicy = retryPolicy;
        this.metrics = metrics;
    }

    @Scheduled(identity = "webhook-dispatcher", every = "${laas.webhook.dispatch-interval:500ms}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        if (stopping) {
            return Uni.createFrom().voidItem();
        }
        return dispatchDue()
                .onFailure().invoke(e -> LOG.warnf(e, "Webhook dispatch tick failed; due deliveries are retried on the next tick"))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    @Scheduled(identity = "webhook-pending-gauge", every = "${laas.webhook.pending-gauge-interval:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshPendingGauge() {
        return deliveries.countPending(pool)
                .invoke(metrics::pending)
                .onFailure().invoke(e -> LOG.debugf(e, "Could not count pending deliveries"))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * Delivers due deliveries batch after batch while batches come back full (bounded, so one tick
     * cannot run forever); returns how many deliveries were handled. Draining matters because the
     * scheduler fires at most once a second, whatever the configured interval.
     */
    public Uni<Integer> dispatchDue() {
        return Multi.createBy().repeating().uni(this::dispatchBatch)
                .whilst(handled -> handled >= config.batchSize())
                .select().first(MAX_BATCHES_PER_TICK)
                .collect().with(Collectors.summingInt(Integer::intValue));
    }

    /** Claims and delivers one batch; returns how many deliveries were claimed. */
    Uni<Integer> dispatchBatch() {
        return deliveries.claimDue(pool, config.batchSize(), config.claimLease())
                .flatMap(claimed -> claimed.isEmpty()
                        ? Uni.createFrom().item(0)
                        : Multi.createFrom().iterable(claimed)
                                .onItem().transformToUni(this::deliver).merge(config.maxConcurrency())
                                .collect().asList()
                                .map(List::size));
    }

    Uni<Void> deliver(ClaimedDelivery delivery) {
        if (!delivery.endpointEnabled()) {
            return deliveries.fail(pool, delivery.id()).invoke(() -> metrics.deliveriesFailed(1));
        }
        int attemptNumber = delivery.attempts() + 1;
        Instant attemptedAt = Instant.now();
        long started = System.nanoTime();
        String webhookId = delivery.messageId().toString();
        String body = body(delivery);
        long timestamp = attemptedAt.getEpochSecond();
        String signature = WebhookSignature.sign(delivery.secret(), webhookId, timestamp, body);
        // The address is checked again at every attempt: DNS may have changed since the endpoint was created.
        return Uni.createFrom().deferred(() -> guard.vet(URI.create(delivery.url())))
                .flatMap(target -> sender.send(target, webhookId, timestamp, signature, body))
                .onFailure().recoverWithItem(e -> SendResult.failure(WebhookSender.describe(e)))
                .flatMap(result -> record(delivery, attemptNumber, attemptedAt,
                        Duration.ofNanos(System.nanoTime() - started), result))
                .onFailure().invoke(e -> LOG.errorf(e, "Could not record attempt %d of delivery %s; it is retried after its lease",
                        attemptNumber, delivery.id()))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> record(ClaimedDelivery delivery, int attemptNumber, Instant attemptedAt, Duration elapsed,
            SendResult result) {
        metrics.attempt(result.success(), elapsed);
        String status;
        Duration delay = null;
        if (result.success()) {
            status = SUCCEEDED;
        } else if (result.gone()) {
            status = FAILED;
        } else {
            Optional<Duration> next = retryPolicy.nextDelay(attemptNumber,
                    RetryPolicy.parseRetryAfter(result.retryAfter(), Instant.now()));
            status = next.isPresent() ? PENDING : FAILED;
            delay = next.orElse(null);
        }
        Duration nextDelay = delay;
        return pool.withTransaction(conn -> deliveries.recordAttempt(conn, delivery.id(), attemptNumber, status, nextDelay)
                .flatMap(applied -> {
                    if (!applied) {
                        return Uni.createFrom().item(-1);
                    }
                    Uni<Void> attempt = attempts.insert(conn, delivery.id(), delivery.endpointId(), attemptNumber,
                            attemptedAt, result.status(), result.error(), elapsed.toMillis());
                    if (!result.gone()) {
                        return attempt.replaceWith(0);
                    }
                    return attempt
                            .flatMap(v -> endpoints.disable(conn, delivery.endpointId(),
                                    "The endpoint answered 410 Gone at " + attemptedAt + "."))
                            .flatMap(v -> deliveries.failPendingOfEndpoint(conn, delivery.endpointId()));
                }))
                .invoke(extraFailed -> {
                    if (extraFailed < 0) {
                        LOG.warnf("Attempt %d of delivery %s finished after its lease expired; its result was dropped",
                                attemptNumber, delivery.id());
                        return;
                    }
                    log(delivery, attemptNumber, status, nextDelay, result);
                    if (SUCCEEDED.equals(status)) {
                        metrics.deliverySucceeded();
                    } else if (FAILED.equals(status)) {
                        metrics.deliveriesFailed(1 + extraFailed);
                    }
                    if (result.gone()) {
                        metrics.endpointDisabled();
                    }
                })
                .replaceWithVoid();
    }

    private void log(ClaimedDelivery delivery, int attemptNumber, String status, Duration delay, SendResult result) {
        if (SUCCEEDED.equals(status)) {
            LOG.debugf("Delivered %s (%s) to endpoint %s on attempt %d", delivery.messageId(), delivery.eventType(),
                    delivery.endpointId(), attemptNumber);
        } else if (result.gone()) {
            LOG.warnf("Endpoint %s answered 410 Gone; it is disabled and its pending deliveries failed",
                    delivery.endpointId());
        } else if (PENDING.equals(status)) {
            LOG.infof("Attempt %d of %s to endpoint %s failed (%s); next attempt in %s", attemptNumber,
                    delivery.messageId(), delivery.endpointId(), result.error(), delay);
        } else {
            LOG.warnf("Delivery of %s to endpoint %s failed after %d attempts (%s)", delivery.messageId(),
                    delivery.endpointId(), attemptNumber, result.error());
        }
    }

    /** Standard Webhooks body: {@code {"type", "timestamp", "data": <the event envelope>}}. */
    static String body(ClaimedDelivery delivery) {
        return "{\"type\":" + quote(delivery.eventType()) + ",\"timestamp\":" + quote(delivery.recordedAt())
                + ",\"data\":" + delivery.payload() + "}";
    }

    private static String quote(String value) {
        return value == null ? "null" : "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + "\"";
    }
}
