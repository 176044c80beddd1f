package io.laas.webhook.delivery.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.tenancy.LedgerScope;
import io.laas.webhook.config.WebhookConfig;
import io.laas.webhook.delivery.AttemptOutcome;
import io.laas.webhook.delivery.ClaimedDelivery;
import io.laas.webhook.delivery.DeliveryStatus;
import io.laas.webhook.delivery.repository.AttemptRepository;
import io.laas.webhook.delivery.repository.DeliveryRepository;
import io.laas.webhook.delivery.repository.EndpointQueueRepository;
import io.laas.webhook.endpoint.DisabledEndpoint;
import io.laas.webhook.endpoint.repository.EndpointRepository;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The database side of the dispatcher. One cycle is one transaction, a handful of statements whatever
 * the number of deliveries: it records the outcomes of finished attempts (ending their leases), then
 * claims what can be sent now. Claiming locks the endpoints that are due, longest-waiting first, gives
 * each of them its oldest due deliveries up to its free slots and at most the free slots of this replica
 * in all, leases them to this replica, and sets each endpoint's next due time. An endpoint's free slots
 * are the per-endpoint cap minus its live leases, counted across replicas; for an endpoint the dispatcher
 * asks to prefetch, and whose leases no other replica holds, the prefetch size minus this replica's leases.
 * A cycle spans ledgers, so it runs on the batch datasource (row-level security does not bind it).
 */
@ApplicationScoped
public class DispatchCycleService {

    /**
     * What a committed cycle did: the outcomes it recorded ({@code recorded}, by delivery id), how many
     * other pending deliveries failed because their endpoint was disabled ({@code failedWithDisabledEndpoints}),
     * what it claimed, the earliest time any endpoint is due next ({@code null}: nothing is pending), and the
     * endpoints it disabled.
     */
    public record Cycle(Set<UUID> recorded, int failedWithDisabledEndpoints, List<ClaimedDelivery> claimed,
            Instant nextDueAt, List<DisabledEndpoint> disabled) {
    }

    private record Recorded(Set<UUID> applied, int failedWithDisabledEndpoints, List<DisabledEndpoint> disabled) {
        static final Recorded NOTHING = new Recorded(Set.of(), 0, List.of());
    }

    private record Disabled(List<DisabledEndpoint> endpoints, int failedDeliveries) {
        static final Disabled NONE = new Disabled(List.of(), 0);
    }

    private record Claimed(List<ClaimedDelivery> deliveries, Instant nextDueAt) {
    }

    private final Pool pool;
    private final DeliveryRepository deliveries;
    private final AttemptRepository attempts;
    private final EndpointRepository endpoints;
    private final EndpointQueueRepository queues;
    private final EndpointDisabledEvents disabledEvents;
    private final Duration disableAfterFailing;
    private final int perEndpointCap;
    private final int prefetchPerEndpoint;
    private final int endpointsPerCycle;
    private final Duration lease;
    /** Whose leases this replica's are ({@code deliveries.leased_by}): a new holder at every start. */
    private final UUID holder = UUID.randomUUID();

    public DispatchCycleService(@ReactiveDataSource(LedgerScope.BATCH_DATASOURCE) Pool pool,
            DeliveryRepository deliveries, AttemptRepository attempts,
            EndpointRepository endpoints, EndpointQueueRepository queues, EndpointDisabledEvents disabledEvents,
            WebhookConfig config) {
        this.pool = pool;
        this.deliveries = deliveries;
        this.attempts = attempts;
        this.endpoints = endpoints;
        this.queues = queues;
        this.disabledEvents = disabledEvents;
        this.disableAfterFailing = config.disableAfterFailing();
        this.perEndpointCap = Math.max(1, config.maxInFlightPerEndpoint());
        this.prefetchPerEndpoint = Math.max(perEndpointCap, config.prefetchPerEndpoint());
        this.endpointsPerCycle = Math.max(1, config.endpointsPerCycle());
        this.lease = config.claimLease();
    }

    /**
     * Records {@code outcomes} and claims at most {@code freeSlots} deliveries, in one transaction; the
     * endpoints in {@code prefetching} may be leased up to the prefetch size rather than the cap.
     */
    public Uni<Cycle> run(List<AttemptOutcome> outcomes, int freeSlots, Set<UUID> prefetching) {
        return pool.withTransaction(conn -> record(conn, outcomes)
                .flatMap(recorded -> claim(conn, freeSlots, prefetching)
                        .map(claimed -> new Cycle(recorded.applied(), recorded.failedWithDisabledEndpoints(),
                                claimed.deliveries(), claimed.nextDueAt(), recorded.disabled()))));
    }

    private Uni<Recorded> record(SqlConnection conn, List<AttemptOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return Uni.createFrom().item(Recorded.NOTHING);
        }
        Set<UUID> endpointIds = new LinkedHashSet<>();
        outcomes.forEach(outcome -> endpointIds.add(outcome.delivery().endpointId()));
        // The endpoints' queue rows are locked before any delivery row: a cycle that holds an endpoint's
        // queue row while claiming its deliveries can then never wait for this transaction in return.
        return queues.markDue(conn, endpointIds)
                .flatMap(v -> deliveries.recordOutcomes(conn, outcomes))
                .flatMap(applied -> {
                    List<AttemptOutcome> logged = new ArrayList<>();
                    Map<UUID, String> goneReasons = new LinkedHashMap<>();
                    Map<UUID, Duration> pauses = new HashMap<>();
                    for (AttemptOutcome outcome : outcomes) {
                        if (!applied.contains(outcome.delivery().id())) {
                            continue;
                        }
                        if (outcome.attempted()) {
                            logged.add(outcome);
                        }
                        if (outcome.gone()) {
                            goneReasons.putIfAbsent(outcome.delivery().endpointId(),
                                    "The endpoint answered 410 Gone at " + outcome.attemptedAt() + ".");
                        }
                        if (outcome.throttle() != null) {
                            pauses.merge(outcome.delivery().endpointId(), outcome.throttle(),
                                    (a, b) -> a.compareTo(b) >= 0 ? a : b);
                        }
                    }
                    Uni<Void> log = logged.isEmpty() ? Uni.createFrom().voidItem() : attempts.insertAll(conn, logged);
                    return log.flatMap(v -> queues.throttle(conn, pauses))
                            .flatMap(v -> trackFailures(conn, logged))
                            .flatMap(failing -> disable(conn, goneReasons, failing))
                            .flatMap(disabled -> disabledEvents.emit(conn, disabled.endpoints())
                                    .replaceWith(new Recorded(applied, disabled.failedDeliveries(),
                                            disabled.endpoints())));
                });
    }

    /**
     * Keeps each endpoint's {@code failing_since} from the attempts just logged and makes the retries of endpoints
     * that succeed again due now; returns the endpoints that failed now and have been failing for
     * {@code laas.webhook.disable-after-failing}, with when they started failing.
     */
    private Uni<Map<UUID, Instant>> trackFailures(SqlConnection conn, List<AttemptOutcome> logged) {
        if (logged.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        // Nothing to keep when every attempt succeeded at endpoints that were not failing (the usual cycle). A
        // success claimed before its endpoint began failing leaves the clearing to the next delivery claimed.
        if (logged.stream().allMatch(outcome -> outcome.status() == DeliveryStatus.SUCCEEDED
                && !outcome.delivery().failing())) {
            return Uni.createFrom().item(Map.of());
        }
        Map<UUID, Instant> lastSuccess = new HashMap<>();
        for (AttemptOutcome outcome : logged) {
            if (outcome.status() == DeliveryStatus.SUCCEEDED) {
                lastSuccess.merge(outcome.delivery().endpointId(), outcome.attemptedAt(),
                        (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        // Per endpoint: its first failed attempt after its last success in this batch (null: none).
        Map<UUID, Instant> firstFailure = new LinkedHashMap<>();
        Set<UUID> failedNow = new HashSet<>();
        for (AttemptOutcome outcome : logged) {
            UUID endpointId = outcome.delivery().endpointId();
            firstFailure.putIfAbsent(endpointId, null);
            Instant success = lastSuccess.get(endpointId);
            if (outcome.status() != DeliveryStatus.SUCCEEDED
                    && (success == null || outcome.attemptedAt().isAfter(success))) {
                failedNow.add(endpointId);
                firstFailure.merge(endpointId, outcome.attemptedAt(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        List<UUID> ids = List.copyOf(firstFailure.keySet());
        List<Boolean> restart = ids.stream().map(lastSuccess::containsKey).toList();
        List<Instant> since = ids.stream().map(firstFailure::get).toList();
        return endpoints.trackFailures(conn, ids, restart, since, disableAfterFailing)
                .flatMap(tracked -> {
                    Map<UUID, Instant> failing = tracked.failingTooLong();
                    failing.keySet().retainAll(failedNow);
                    // A success after failures: the endpoint is back, its deliveries waiting for a retry go now.
                    // Its queue row is locked already (markDue at the start of the cycle).
                    return tracked.recovered().isEmpty()
                            ? Uni.createFrom().item(failing)
                            : deliveries.retryNowOfEndpoints(conn, tracked.recovered()).replaceWith(failing);
                });
    }

    /**
     * Disables the endpoints that answered 410 Gone and those failing for too long, and fails their other pending
     * deliveries.
     */
    private Uni<Disabled> disable(SqlConnection conn, Map<UUID, String> goneReasons, Map<UUID, Instant> failing) {
        if (goneReasons.isEmpty() && failing.isEmpty()) {
            return Uni.createFrom().item(Disabled.NONE);
        }
        List<UUID> ids = new ArrayList<>(goneReasons.keySet());
        List<String> reasons = new ArrayList<>(goneReasons.values());
        List<String> codes = new ArrayList<>(Collections.nCopies(ids.size(), DisabledEndpoint.GONE));
        failing.forEach((id, since) -> {
            if (!goneReasons.containsKey(id)) {
                ids.add(id);
                reasons.add("No attempt has succeeded since " + since + ".");
                codes.add(DisabledEndpoint.FAILING);
            }
        });
        return endpoints.disable(conn, ids, reasons, codes)
                .flatMap(disabled -> disabled.isEmpty()
                        ? Uni.createFrom().item(Disabled.NONE)
                        : deliveries.failPendingOfEndpoints(conn,
                                disabled.stream().map(DisabledEndpoint::id).toList())
                                .map(failed -> new Disabled(disabled, failed)));
    }

    private Uni<Claimed> claim(SqlConnection conn, int freeSlots, Set<UUID> prefetching) {
        if (freeSlots <= 0) {
            return queues.earliestDue(conn).map(next -> new Claimed(List.of(), next));
        }
        return queues.lockDue(conn, Math.min(endpointsPerCycle, freeSlots))
                .flatMap(locked -> locked.isEmpty()
                        ? queues.earliestDue(conn).map(next -> new Claimed(List.of(), next))
                        : deliveries.claimDue(conn, locked,
                                // 0: the endpoint's own cap (its max_in_flight, bounded by the service's)
                                locked.stream().map(id -> prefetching.contains(id) ? prefetchPerEndpoint : 0).toList(),
                                perEndpointCap, freeSlots, lease, holder)
                                .flatMap(claimed -> queues.reschedule(conn, locked, perEndpointCap)
                                        .map(next -> new Claimed(claimed, next))));
    }
}
