package io.laas.webhook.stats.service;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.tenancy.LedgerScope;
import io.laas.webhook.endpoint.service.EndpointService;
import io.laas.webhook.stats.EndpointStats;
import io.laas.webhook.stats.StatsWindow;
import io.laas.webhook.stats.repository.EndpointStatsRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** An endpoint's statistics, read on the tenant's behalf (row-level security bound to the ledger). */
@ApplicationScoped
public class EndpointStatsService {

    private final Pool pool;
    private final EndpointStatsRepository stats;

    public EndpointStatsService(Pool pool, EndpointStatsRepository stats) {
        this.pool = pool;
        this.stats = stats;
    }

    /**
     * The three statements go out at once behind the ledger setting, in one transaction (one snapshot); the
     * answer is only given when the endpoint is the ledger's.
     *
     * @throws io.laas.web.problem.ProblemException 404 WEBHOOK_ENDPOINT_NOT_FOUND
     */
    public Uni<EndpointStats> of(UUID ledgerId, String endpointId, StatsWindow window) {
        UUID id = EndpointService.parseEndpointId(endpointId);
        return LedgerScope.withLedger(pool, ledgerId, conn -> Uni.combine().all()
                .unis(stats.endpoint(conn, ledgerId, id), stats.counters(conn, id, window.length()),
                        stats.queue(conn, id))
                .with((endpoint, counters, queue) -> {
                    if (endpoint == null) {
                        throw EndpointService.notFound(endpointId);
                    }
                    return new EndpointStats(window, counters.attempts(), counters.succeeded(),
                            counters.durationMsSum(), counters.durationMsMax(), counters.lastAttemptAt(),
                            counters.lastStatus(), counters.lastError(), queue, endpoint.enabled(),
                            endpoint.failingSince());
                }));
    }
}
