package io.laas.webhook.delivery.service;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.webhook.delivery.DeliveryStatus;
import io.laas.webhook.endpoint.DisabledEndpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The service's meters (Prometheus names: {@code laas_webhook_*}). */
@ApplicationScoped
public class WebhookMetrics {

    private final Counter succeeded;
    private final Counter failed;
    private final Timer attemptSuccess;
    private final Timer attemptFailure;
    private final Timer firstAttemptLatency;
    private final Counter eventsStored;
    private final Counter eventsDuplicate;
    private final Counter deadLettered;
    private final Counter intakeRetries;
    private final Counter endpointsGone;
    private final Counter endpointsFailing;
    private final Counter attemptsSucceeded;
    private final Counter attemptsRetried;
    private final Counter attemptsFailed;
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong due = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger endpointInFlightMax = new AtomicInteger();
    private final AtomicInteger endpointsAtCapacity = new AtomicInteger();

    public WebhookMetrics(MeterRegistry registry) {
        succeeded = Counter.builder("laas.webhook.deliveries.succeeded")
                .description("Deliveries acknowledged with a 2xx by the endpoint").register(registry);
        failed = Counter.builder("laas.webhook.deliveries.failed")
                .description("Deliveries given up (retries exhausted, 410 Gone or endpoint disabled)").register(registry);
        attemptSuccess = attemptTimer(registry, "success");
        attemptFailure = attemptTimer(registry, "failure");
        firstAttemptLatency = Timer.builder("laas.webhook.first.attempt.latency")
                .description("From the event's recorded_at (the commit of the ledger transaction) to the moment its"
                        + " first attempt leaves for an endpoint")
                .publishPercentiles(0.5, 0.95, 0.99)
                .serviceLevelObjectives(Duration.ofMillis(250), Duration.ofSeconds(1))
                .register(registry);
        eventsStored = Counter.builder("laas.webhook.events.received").tag("result", "stored")
                .description("Ledger events consumed").register(registry);
        eventsDuplicate = Counter.builder("laas.webhook.events.received").tag("result", "duplicate")
                .description("Ledger events consumed").register(registry);
        deadLettered = Counter.builder("laas.webhook.events.dead.lettered")
                .description("Unprocessable records sent to the dead-letter topic").register(registry);
        intakeRetries = Counter.builder("laas.webhook.intake.retries")
                .description("Consumed batches whose storing failed for a transient reason (database unavailable)"
                        + " and was tried again")
                .register(registry);
        endpointsGone = endpointsDisabled(registry, DisabledEndpoint.GONE);
        endpointsFailing = endpointsDisabled(registry, DisabledEndpoint.FAILING);
        attemptsSucceeded = attempts(registry, "success");
        attemptsRetried = attempts(registry, "retry");
        attemptsFailed = attempts(registry, "failure");
        Gauge.builder("laas.webhook.endpoints.throttled", throttled, AtomicLong::get)
                .description("Endpoints paused now because they answered 429 or 503 with Retry-After (all replicas)")
                .register(registry);
        Gauge.builder("laas.webhook.deliveries.pending", pending, AtomicLong::get)
                .description("Deliveries waiting for their next attempt or being attempted").register(registry);
        Gauge.builder("laas.webhook.deliveries.due", due, AtomicLong::get)
                .description("Pending deliveries whose attempt is due and not yet claimed (the queue's backlog)")
                .register(registry);
        Gauge.builder("laas.webhook.attempts.in.flight", inFlight, AtomicInteger::get)
                .description("Attempts this replica is sending now").register(registry);
        Gauge.builder("laas.webhook.endpoint.in.flight.max", endpointInFlightMax, AtomicInteger::get)
                .description("Attempts this replica is sending now to its busiest endpoint").register(registry);
        Gauge.builder("laas.webhook.endpoints.at.capacity", endpointsAtCapacity, AtomicInteger::get)
                .description("Endpoints to which this replica sends as many attempts as the per-endpoint cap allows")
                .register(registry);
    }

    private static Timer attemptTimer(MeterRegistry registry, String outcome) {
        return Timer.builder("laas.webhook.attempt.duration").tag("outcome", outcome)
                .description("Duration of one delivery attempt (address check, request, response)")
                .register(registry);
    }

    private static Counter endpointsDisabled(MeterRegistry registry, String reason) {
        return Counter.builder("laas.webhook.endpoints.disabled").tag("reason", reason)
                .description("Endpoints the service disabled: they answered 410 Gone, or nothing succeeded for"
                        + " laas.webhook.disable-after-failing")
                .register(registry);
    }

    private static Counter attempts(MeterRegistry registry, String result) {
        return Counter.builder("laas.webhook.attempts").tag("result", result)
                .description("Attempts recorded: success (2xx), retry (failed, the delivery is tried again),"
                        + " failure (failed, the delivery is given up)")
                .register(registry);
    }

    /** An attempt was recorded and left its delivery {@code status}. */
    public void attemptRecorded(DeliveryStatus status) {
        switch (status) {
            case SUCCEEDED -> attemptsSucceeded.increment();
            case PENDING -> attemptsRetried.increment();
            default -> attemptsFailed.increment();
        }
    }

    public void endpointsThrottled(long endpoints) {
        throttled.set(endpoints);
    }

    public void attempt(boolean success, Duration duration) {
        (success ? attemptSuccess : attemptFailure).record(duration);
    }

    public void firstAttemptLeft(Duration sinceRecorded) {
        firstAttemptLatency.record(sinceRecorded.isNegative() ? Duration.ZERO : sinceRecorded);
    }

    public void deliverySucceeded() {
        succeeded.increment();
    }

    public void deliveriesFailed(int count) {
        failed.increment(count);
    }

    public void eventsReceived(int stored, int duplicates) {
        eventsStored.increment(stored);
        eventsDuplicate.increment(duplicates);
    }

    public void deadLettered() {
        deadLettered.increment();
    }

    public void intakeRetried() {
        intakeRetries.increment();
    }

    public void endpointDisabled(String reason) {
        (DisabledEndpoint.FAILING.equals(reason) ? endpointsFailing : endpointsGone).increment();
    }

    public void queueDepth(long pendingDeliveries, long dueDeliveries) {
        pending.set(pendingDeliveries);
        due.set(dueDeliveries);
    }

    public void inFlight(int attempts, int busiestEndpoint, int endpointsAtCap) {
        inFlight.set(attempts);
        endpointInFlightMax.set(busiestEndpoint);
        endpointsAtCapacity.set(endpointsAtCap);
    }
}
