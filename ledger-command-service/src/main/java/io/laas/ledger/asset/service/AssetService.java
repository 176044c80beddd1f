package io.laas.ledger.asset.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.ledger.asset.Asset;
import io.laas.ledger.asset.repository.AssetRepository;
import io.laas.ledger.event.LedgerEvent;
import io.laas.ledger.event.Sequenced;
import io.laas.ledger.event.service.EventLog;
import io.laas.ledger.registry.Ledger;
import io.laas.ledger.registry.repository.LedgerRepository;
import io.laas.ledger.registry.service.LedgerDirectory;
import io.laas.ledger.transaction.Money;
import io.laas.outbox.OutboxRelay;
import io.laas.tenancy.LedgerScope;
import io.laas.web.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Declares the assets of a ledger. An asset is declared once, with its event ({@code asset.declared}) in
 * the same transaction; declaring it again with the same scale changes nothing, with another scale is a
 * conflict: amounts already posted in it must keep their meaning.
 */
@ApplicationScoped
public class AssetService {

    /** The declared asset, and whether this call declared it (else it was declared before, identically). */
    public record Declaration(Asset asset, boolean created) {
    }

    private final Pool pool;
    private final LedgerRepository ledgers;
    private final LedgerDirectory directory;
    private final AssetRepository assets;
    private final EventLog events;
    private final OutboxRelay relay;

    public AssetService(Pool pool, LedgerRepository ledgers, LedgerDirectory directory, AssetRepository assets,
            EventLog events, OutboxRelay relay) {
        this.pool = pool;
        this.ledgers = ledgers;
        this.directory = directory;
        this.assets = assets;
        this.events = events;
        this.relay = relay;
    }

    /**
     * Returns the declaration with its event's sequence, or, for an asset declared before, the ledger's sequence
     * read after finding it (so at least that of its declaration).
     */
    public Uni<Sequenced<Declaration>> declare(UUID ledgerId, String code, int scale) {
        if (Money.isoScale(code).isPresent()) {
            throw ProblemException.unprocessable("ASSET_CODE_RESERVED", code + " is an ISO 4217 currency, which"
                    + " every ledger knows with scale " + Money.isoScale(code).getAsInt() + "; an asset needs another code.",
                    Map.of("code", code));
        }
        // a ledger not learned yet is asked of the registry first; then the transaction reads it as it stands
        return directory.require(ledgerId).chain(known -> LedgerScope.withLedger(pool, ledgerId,
                conn -> ledgers.findById(conn, ledgerId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("LEDGER_NOT_FOUND",
                        "Ledger " + ledgerId + " was not found."))
                .chain(ledger -> {
                    if (ledger.archived()) {
                        // answered before any other check; the ledger's lock decides again when the event is appended
                        throw Ledger.archived(ledgerId, ledger.archivedAt());
                    }
                    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
                    Asset asset = new Asset(ledgerId, code, scale, now);
                    return assets.insertIfAbsent(conn, asset).chain(inserted -> inserted
                            ? appendEvent(conn, asset).map(sequence -> new Sequenced<>(new Declaration(asset, true), sequence))
                            : assets.find(conn, ledgerId, code).map(existing -> sameOrConflict(existing, scale))
                                    .chain(existing -> ledgers.lastSequence(conn, ledgerId)
                                            .map(sequence -> new Sequenced<>(existing, sequence))));
                })))
                .call(declared -> declared.value().created() ? directory.refresh(ledgerId) : Uni.createFrom().voidItem())
                .invoke(declared -> {
                    if (declared.value().created()) {
                        relay.wake();
                    }
                });
    }

    private static Declaration sameOrConflict(Asset existing, int scale) {
        if (existing.scale() != scale) {
            throw ProblemException.conflict("ASSET_ALREADY_DECLARED", "Asset " + existing.code() + " is declared with"
                    + " scale " + existing.scale() + " in ledger " + existing.ledgerId() + "; a declared asset never changes.",
                    Map.of("code", existing.code(), "scale", existing.scale()));
        }
        return new Declaration(existing, false);
    }

    private Uni<Long> appendEvent(SqlConnection conn, Asset asset) {
        return events.appendNext(conn, asset.ledgerId(), sequence -> new LedgerEvent(UUID.randomUUID(), asset.ledgerId(),
                        sequence, LedgerEvent.ASSET_DECLARED, asset.declaredAt(), new JsonObject()
                                .put("code", asset.code())
                                .put("scale", asset.scale())
                                .put("declared_at", LedgerEvent.timestamp(asset.declaredAt()))))
                .map(LedgerEvent::sequence);
    }
}
