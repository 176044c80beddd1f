package io.laas.ledger.event.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.ledger.event.StoredEvent;
import io.laas.ledger.event.repository.EventStore;
import io.laas.ledger.registry.service.LedgerDirectory;
import io.laas.tenancy.LedgerScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** A ledger's events as stored, in sequence order, a page at a time: what anyone verifying its history reads. */
@ApplicationScoped
public class EventFeed {

    /** Events in sequence order, and whether the ledger had more after the last of them. */
    public record Page(List<StoredEvent> events, boolean hasMore) {
    }

    private final Pool pool;
    private final LedgerDirectory directory;
    private final EventStore events;

    public EventFeed(Pool pool, LedgerDirectory directory, EventStore events) {
        this.pool = pool;
        this.directory = directory;
        this.events = events;
    }

    /** Up to {@code limit} events after {@code afterSequence}; 404 LEDGER_NOT_FOUND for a ledger this service does not know. */
    public Uni<Page> after(UUID ledgerId, long afterSequence, int limit) {
        return directory.require(ledgerId)
                .chain(ledger -> LedgerScope.withLedger(pool, ledgerId,
                        conn -> events.page(conn, ledgerId, afterSequence, limit + 1)))
                .map(rows -> rows.size() > limit ? new Page(rows.subList(0, limit), true) : new Page(rows, false));
    }
}
