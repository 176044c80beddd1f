package io.laas.gateway.routing.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.laas.gateway.config.GatewayConfig;
import io.laas.gateway.routing.RendezvousHashing;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The command replicas writes may go to ({@code laas.gateway.command-affinity}): the static URLs, or the
 * addresses the headless Service's name resolves to, resolved again every refresh interval off the request
 * path. A failed or empty resolution keeps the last known replicas; with none known at all, writes go to
 * {@code laas.gateway.command-url}. Per request, {@link #routingKey} and {@link #first} only read the current
 * immutable set.
 */
@ApplicationScoped
public class CommandReplicas {

    private static final Logger LOG = Logger.getLogger(CommandReplicas.class);

    /** The replicas known now, in address order, with each one's rendezvous seed; none means command-url. */
    public record ReplicaSet(List<UpstreamTarget> targets, long[] seeds, String source) {

        static final ReplicaSet NONE = new ReplicaSet(List.of(), new long[0], "command-url");

        static ReplicaSet of(List<UpstreamTarget> targets, String source) {
            List<UpstreamTarget> sorted = targets.stream().distinct()
                    .sorted(java.util.Comparator.comparing(UpstreamTarget::baseUrl)).toList();
            long[] seeds = sorted.stream().mapToLong(target -> RendezvousHashing.replicaSeed(target.baseUrl())).toArray();
            return new ReplicaSet(sorted, seeds, source);
        }

        public int size() {
            return targets.size();
        }

        public List<String> urls() {
            return targets.stream().map(UpstreamTarget::baseUrl).toList();
        }
    }

    private final Vertx vertx;
    private final GatewayConfig.CommandAffinity config;
    private final ReplicaResolver resolver;
    private final boolean affinity;
    private final AtomicInteger roundRobin = new AtomicInteger();
    private volatile ReplicaSet current = ReplicaSet.NONE;
    private long timer = -1;
    /** Whether the last resolution failed or was empty (logged once until one succeeds again); timer callbacks only. */
    private boolean resolutionFailing;

    public CommandReplicas(Vertx vertx, GatewayConfig gateway, ReplicaResolver resolver, MeterRegistry metrics) {
        this.vertx = vertx;
        this.config = gateway.commandAffinity();
        this.resolver = resolver;
        this.affinity = config.enabled();
        config.urls().filter(urls -> !urls.isEmpty()).ifPresent(urls -> current = ReplicaSet.of(
                urls.stream().map(String::trim).filter(url -> !url.isEmpty()).map(UpstreamTarget::of).toList(), "urls"));
        metrics.gauge("laas_gateway_command_replicas", this, replicas -> replicas.current.size());
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    /** Starts resolving the DNS name, when affinity is on and no static URLs are given. */
    public synchronized void start() {
        if (timer >= 0 || !affinity || current.size() > 0 || config.dnsName().isEmpty()) {
            return;
        }
        refresh();
        timer = vertx.setPeriodic(config.refreshInterval().toMillis(), id -> refresh());
        LOG.infof("Resolving the command replicas at %s every %s", config.dnsName().get(), config.refreshInterval());
    }

    @PreDestroy
    synchronized void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    /** Resolves the DNS name once now (the timer's work); completes when the set has been updated (or kept). */
    public Future<Void> refresh() {
        String name = config.dnsName().orElseThrow();
        return resolver.resolve(name).transform(resolved -> {
            if (resolved.failed() || resolved.result().isEmpty()) {
                if (!resolutionFailing) {
                    resolutionFailing = true;
                    LOG.warnf("The command replicas at %s could not be resolved (%s); keeping %s", name,
                            resolved.failed() ? resolved.cause().toString() : "no address",
                            current.size() == 0 ? "command-url" : current.urls());
                }
                return Future.succeededFuture();
            }
            resolutionFailing = false;
            ReplicaSet next = ReplicaSet.of(new TreeSet<>(resolved.result()).stream()
                    .map(address -> UpstreamTarget.ofAddress(address, config.port())).toList(), "dns");
            if (!next.urls().equals(current.urls())) {
                LOG.infof("Command replicas: %s (were %s)", next.urls(), current.urls());
                current = next;
            }
            return Future.succeededFuture();
        });
    }

    /** The replicas now; empty when writes go to command-url. */
    public ReplicaSet current() {
        return current;
    }

    /** Once per request: the ledger's rendezvous key, or with affinity off the next round-robin turn. */
    public long routingKey(UUID ledger) {
        return affinity ? RendezvousHashing.ledgerKey(ledger) : roundRobin.getAndIncrement() & Integer.MAX_VALUE;
    }

    /** The replica to try first. */
    public int first(ReplicaSet set, long routingKey) {
        return affinity ? RendezvousHashing.preferred(routingKey, set.seeds()) : (int) (routingKey % set.size());
    }

    /** Every replica in the order to try them, {@link #first} first; only after a refusal. */
    public int[] order(ReplicaSet set, long routingKey) {
        if (affinity) {
            return RendezvousHashing.order(routingKey, set.seeds());
        }
        int n = set.size();
        int[] order = new int[n];
        int start = (int) (routingKey % n);
        for (int i = 0; i < n; i++) {
            order[i] = (start + i) % n;
        }
        return order;
    }

    /** For the health details. */
    public Map<String, Object> describe() {
        ReplicaSet set = current;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("affinity", affinity);
        details.put("source", set.source());
        details.put("replicas", set.size() == 0 ? "" : String.join(",", set.urls()));
        details.put("count", set.size());
        return details;
    }
}
