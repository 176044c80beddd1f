package io.laas.ledger.registry.service;

import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.laas.ledger.registry.Ledger;
import io.laas.ledger.registry.repository.LedgerRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The ledgers this service knows, cached for the checks made before a transaction joins a batch
 * (currencies and their precision: a declared asset never changes, so the cache can only lack one
 * declared since, and {@link #refresh} reads the ledger again then). A ledger not known yet is looked
 * up again on the next request, so a ledger learned meanwhile is found at once. Nothing that decides a
 * write under a lock reads this cache.
 */
@ApplicationScoped
public class LedgerDirectory {

    private final Pool pool;
    private final LedgerRepository ledgers;
    private final Cache<UUID, Ledger> cache = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(10))
            .build();

    public LedgerDirectory(Pool pool, LedgerRepository ledgers) {
        this.pool = pool;
        this.ledgers = ledgers;
    }

    /** The ledger, or {@code null} when this service has not learned it (yet). */
    public Uni<Ledger> find(UUID id) {
        Ledger cached = cache.getIfPresent(id);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return refresh(id);
    }

    /** Reads the ledger again (with the assets it declared since it was cached), or {@code null}. */
    public Uni<Ledger> refresh(UUID id) {
        return ledgers.findById(pool, id).invoke(found -> {
            if (found != null) {
                cache.put(id, found);
            } else {
                cache.invalidate(id);
            }
        });
    }
}
