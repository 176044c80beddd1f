package io.laas.iam.ledger.service;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.iam.ledger.Ledger;
import io.laas.iam.ledger.repository.LedgerRepository;
import io.laas.outbox.OutboxEvent;
import io.laas.outbox.OutboxWriter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The ledger registry. Creating a ledger and its {@code ledger.created} outbox row happen in the
 * caller's transaction, so the command service learns of every ledger that exists and of no other.
 */
@ApplicationScoped
public class LedgerService {

    public static final String AGGREGATE_TYPE = "registry";
    public static final String LEDGER_CREATED = "ledger.created";

    private final Pool pool;
    private final LedgerRepository ledgers;
    private final OutboxWriter outbox;

    public LedgerService(Pool pool, LedgerRepository ledgers, OutboxWriter outbox) {
        this.pool = pool;
        this.ledgers = ledgers;
        this.outbox = outbox;
    }

    /** The ledgers a token grants, within its project. */
    public Uni<List<Ledger>> granted(List<UUID> ids, UUID projectId) {
        return ids.isEmpty() ? Uni.createFrom().item(List.of()) : ledgers.findByIds(pool, ids, projectId);
    }

    /**
     * Creates the ledger if its id is new and emits {@code ledger.created}; an existing ledger with the
     * same attributes is left as is. Returns whether it was created.
     */
    public Uni<Boolean> createIfAbsent(SqlConnection conn, UUID orgId, UUID id, UUID projectId, String code, String name,
            String currency) {
        requireCurrency(currency);
        return ledgers.insertIfAbsent(conn, id, projectId, code, name, currency).chain(created -> {
            if (created.isPresent()) {
                return outbox.append(conn, ledgerCreated(orgId, created.get())).replaceWith(true);
            }
            return ledgers.findById(conn, id).map(existing -> {
                Ledger ledger = existing.orElseThrow();
                if (!ledger.projectId().equals(projectId) || !ledger.code().equals(code) || !ledger.name().equals(name)
                        || !ledger.currency().equals(currency)) {
                    throw new IllegalStateException("Ledger " + id + " already exists with other attributes ("
                            + ledger.code() + ", " + ledger.name() + ", " + ledger.currency()
                            + "); ledgers are not changed once created");
                }
                return false;
            });
        });
    }

    /** ISO 4217 codes known to {@link Currency}, in upper case. */
    public static void requireCurrency(String currency) {
        boolean known = currency != null && currency.matches("[A-Z]{3}");
        if (known) {
            try {
                Currency.getInstance(currency);
            } catch (IllegalArgumentException e) {
                known = false;
            }
        }
        if (!known) {
            throw new IllegalArgumentException("Unknown ISO 4217 currency code: " + currency);
        }
    }

    static OutboxEvent ledgerCreated(UUID orgId, Ledger ledger) {
        UUID eventId = UUID.randomUUID();
        JsonObject payload = new JsonObject()
                .put("event_id", eventId.toString())
                .put("event_type", LEDGER_CREATED)
                .put("ledger_id", ledger.id().toString())
                .put("org_id", orgId.toString())
                .put("project_id", ledger.projectId().toString())
                .put("code", ledger.code())
                .put("name", ledger.name())
                .put("currency", ledger.currency())
                .put("created_at", DateTimeFormatter.ISO_INSTANT.format(ledger.createdAt().withOffsetSameInstant(ZoneOffset.UTC)));
        return new OutboxEvent(eventId, AGGREGATE_TYPE, ledger.id().toString(), LEDGER_CREATED, payload);
    }
}
