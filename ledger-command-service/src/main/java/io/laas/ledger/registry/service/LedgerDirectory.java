package io.laas.ledger.registry.service;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.laas.ledger.config.RegistryConfig;
import io.laas.ledger.registry.Ledger;
import io.laas.ledger.registry.client.RegistryClient;
import io.laas.ledger.registry.client.RegistryException;
import io.laas.ledger.registry.repository.LedgerRepository;
import io.laas.tenancy.LedgerScope;
import io.laas.web.problem.Problem;
import io.laas.web.problem.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The ledgers this service knows, cached for the checks made before a transaction joins a batch
 * (currencies and their precision: a declared asset never changes, so the cache can only lack one
 * declared since, and {@link #refresh} reads the ledger again then). Nothing that decides a write under a
 * lock reads this cache: whether a ledger is archived is read from its locked row.
 * <p>
 * A ledger this service has not learned yet (its {@code ledger.created} event is still on its way) is asked of
 * IAM's registry, with the service's own identity, and recorded as the event would record it
 * ({@link LedgerRepository#record}, idempotent with the event), so a ledger is usable in the request after it was
 * created. IAM's "unknown" is remembered for {@code laas.ledger.registry.unknown-ttl}, so a request naming an
 * unknown id does not make one IAM call each; concurrent lookups of one id share one call. IAM unreachable (or
 * answering nonsense) is 503 REGISTRY_UNAVAILABLE, never a 500 and never a 404.
 */
@ApplicationScoped
public class LedgerDirectory {

    /** The code of the problem answered when a ledger must be looked up and IAM cannot answer. */
    public static final String REGISTRY_UNAVAILABLE = "REGISTRY_UNAVAILABLE";

    private static final Logger LOG = Logger.getLogger(LedgerDirectory.class);

    private final Pool pool;
    private final LedgerRepository ledgers;
    private final RegistryClient registry;
    private final RegistryConfig config;
    private final Cache<UUID, Ledger> cache = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(10))
            .build();
    private final Cache<UUID, Boolean> unknown;
    private final ConcurrentHashMap<UUID, Uni<Ledger>> lookups = new ConcurrentHashMap<>();
    private final Counter resolved;
    private final Counter failed;

    public LedgerDirectory(Pool pool, LedgerRepository ledgers, RegistryClient registry, RegistryConfig config,
            MeterRegistry meters) {
        this.pool = pool;
        this.ledgers = ledgers;
        this.registry = registry;
        this.config = config;
        this.unknown = Caffeine.newBuilder()
                .maximumSize(config.unknownCacheSize())
                .expireAfterWrite(config.unknownTtl())
                .build();
        this.resolved = Counter.builder("laas.ledger.registry.lookups").tag("outcome", "found")
                .description("Ledgers looked up at IAM before their ledger.created event").register(meters);
        this.failed = Counter.builder("laas.ledger.registry.lookups").tag("outcome", "failed")
                .description("Ledger lookups at IAM that could not be answered").register(meters);
    }

    /**
     * The ledger, or {@code null} when neither this service nor IAM knows it. Fails with 503 REGISTRY_UNAVAILABLE
     * when the ledger is not known here and IAM cannot be asked.
     */
    public Uni<Ledger> find(UUID id) {
        Ledger cached = cache.getIfPresent(id);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return refresh(id).chain(found -> found != null ? Uni.createFrom().item(found) : lookUp(id));
    }

    /** {@link #find}, failing with 404 LEDGER_NOT_FOUND when the ledger is unknown. */
    public Uni<Ledger> require(UUID id) {
        return find(id).onItem().ifNull().failWith(() -> Ledger.notFound(id));
    }

    /** Reads the ledger again (with the assets it declared since it was cached), or {@code null}; never asks IAM. */
    public Uni<Ledger> refresh(UUID id) {
        return LedgerScope.withLedger(pool, id, conn -> ledgers.findById(conn, id)).invoke(found -> {
            if (found != null) {
                cache.put(id, found);
            } else {
                cache.invalidate(id);
            }
        });
    }

    private Uni<Ledger> lookUp(UUID id) {
        if (!config.lookupEnabled() || unknown.getIfPresent(id) != null) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().deferred(() -> lookups.computeIfAbsent(id, key -> registry.find(key)
                .chain(found -> {
                    if (found == null) {
                        unknown.put(key, Boolean.TRUE);
                        return Uni.createFrom().<Ledger>nullItem();
                    }
                    // recorded while serving a request: under the scope of the ledger IAM answered for
                    return LedgerScope.withLedger(pool, key, conn -> ledgers.record(conn, found))
                            .invoke(created -> {
                                resolved.increment();
                                LOG.infof("Learned ledger %s (%s, %s) from IAM's registry%s", key, found.code(),
                                        found.currency(), created ? "" : " (its event arrived meanwhile)");
                            })
                            .chain(() -> refresh(key));
                })
                .onFailure(RegistryException.class).transform(e -> {
                    failed.increment();
                    LOG.warnf("Ledger %s is unknown here and IAM's registry cannot tell: %s", key, e.getMessage());
                    return new ProblemException(503, REGISTRY_UNAVAILABLE, "Service Unavailable", "Ledger " + key
                            + " is not known to this service yet and the registry (IAM) could not be asked; try again"
                            + " shortly.", Map.of(Problem.RETRY_AFTER, 1));
                })
                .onTermination().invoke(() -> lookups.remove(key))
                .memoize().indefinitely()));
    }
}
