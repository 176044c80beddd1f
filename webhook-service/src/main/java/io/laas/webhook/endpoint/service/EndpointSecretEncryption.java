package io.laas.webhook.endpoint.service;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.laas.tenancy.LedgerScope;
import io.laas.web.crypto.VersionedEncryption;
import io.laas.webhook.endpoint.repository.EndpointRepository;
import io.laas.webhook.endpoint.repository.EndpointRepository.StoredEndpointSecret;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Keeps every endpoint's signing secret encrypted under the current secret-encryption key: at start, secrets still
 * in clear (written before they were encrypted) are encrypted, and those under a previous key re-encrypted, in
 * place; so are the previous secrets that rotations keep signing through their overlap. The secret itself does not change, so deliveries keep their signatures. Each row is replaced only if it
 * still holds what was read, so replicas starting at once write each row once.
 * <p>
 * Gauge {@code laas.webhook.endpoint.secrets.not.current} (refreshed every minute) counts the signing secrets
 * (current and previous) in clear or under another key version: a previous key can be removed once it is 0 (rows written meanwhile by
 * a replica still on the previous configuration are encrypted at the next start).
 */
@ApplicationScoped
public class EndpointSecretEncryption {

    private static final Logger LOG = Logger.getLogger(EndpointSecretEncryption.class);
    private static final int BATCH = 500;

    private final Pool pool;
    private final EndpointRepository endpoints;
    private final EndpointSecrets secrets;
    private final AtomicLong notCurrent = new AtomicLong();

    public EndpointSecretEncryption(@ReactiveDataSource(LedgerScope.BATCH_DATASOURCE) Pool pool, EndpointRepository endpoints, EndpointSecrets secrets,
            MeterRegistry registry) {
        this.pool = pool;
        this.endpoints = endpoints;
        this.secrets = secrets;
        Gauge.builder("laas.webhook.endpoint.secrets.not.current", notCurrent, AtomicLong::get)
                .description("Endpoint signing secrets (current, and previous ones in a rotation's overlap) in clear"
                        + " or encrypted under a key version other than the current one")
                .register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        int resealed = resealAll()
                .onFailure().invoke(e -> LOG.warn("Could not encrypt the endpoint secrets under the current key", e))
                .onFailure().recoverWithItem(0)
                .await().atMost(Duration.ofMinutes(5));
        Map<Integer, Long> byVersion = count()
                .onFailure().recoverWithItem(Map.of())
                .await().atMost(Duration.ofSeconds(30));
        LOG.infof("Endpoint secrets: %d encrypted under key version %d now; endpoints by key version (0: in clear): %s",
                resealed, secrets.currentVersion(), byVersion);
    }

    @Scheduled(every = "60s", delayed = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshGauge() {
        return count().replaceWithVoid()
                .onFailure().invoke(e -> LOG.debug("Could not count the endpoint secrets by key version", e))
                .onFailure().recoverWithNull();
    }

    /** Counts the endpoints by the key version of their secret ({@code 0}: in clear) and updates the gauge. */
    public Uni<Map<Integer, Long>> count() {
        return endpoints.secretsByKeyVersion(pool).invoke(byVersion -> notCurrent.set(byVersion.entrySet().stream()
                .filter(e -> e.getKey() != secrets.currentVersion()).mapToLong(Map.Entry::getValue).sum()));
    }

    /**
     * Encrypts or re-encrypts every secret not under the current key, the previous secrets of rotations in their
     * overlap too; how many secrets this call wrote.
     */
    public Uni<Integer> resealAll() {
        return resealAfter(false, null, 0).chain(current -> resealAfter(true, null, current));
    }

    private Uni<Integer> resealAfter(boolean previous, UUID after, int done) {
        Uni<List<StoredEndpointSecret>> next = previous
                ? endpoints.previousSecretsToReseal(pool, secrets.currentVersion(), after, BATCH)
                : endpoints.secretsToReseal(pool, secrets.currentVersion(), after, BATCH);
        return next.chain(batch -> {
            if (batch.isEmpty()) {
                return Uni.createFrom().item(done);
            }
            UUID last = batch.get(batch.size() - 1).id();
            return reseal(previous, batch).chain(written -> batch.size() < BATCH ? Uni.createFrom().item(done + written)
                    : resealAfter(previous, last, done + written));
        });
    }

    private Uni<Integer> reseal(boolean previous, List<StoredEndpointSecret> batch) {
        return Multi.createFrom().iterable(batch)
                .onItem().transformToUniAndConcatenate(row -> {
                    try {
                        return secrets.resealed(row.id(), row.secret())
                                .map(sealed -> previous ? endpoints.resealPrevious(pool, row.id(), row.secret(), sealed)
                                        : endpoints.reseal(pool, row.id(), row.secret(), sealed))
                                .orElseGet(() -> Uni.createFrom().item(false));
                    } catch (VersionedEncryption.NotOpened e) {
                        LOG.errorf("The signing secret of endpoint %s does not open (%s): left as it is; its deliveries "
                                + "fail until it is replaced", row.id(), e.getMessage());
                        return Uni.createFrom().item(false);
                    }
                })
                .filter(Boolean::booleanValue)
                .collect().asList()
                .map(List::size);
    }
}
