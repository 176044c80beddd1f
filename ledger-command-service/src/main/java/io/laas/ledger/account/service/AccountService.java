package io.laas.ledger.account.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.ledger.account.Account;
import io.laas.ledger.account.AccountType;
import io.laas.ledger.account.repository.AccountRepository;
import io.laas.ledger.event.LedgerEvent;
import io.laas.ledger.event.service.EventLog;
import io.laas.ledger.registry.repository.LedgerRepository;
import io.laas.outbox.OutboxRelay;
import io.laas.web.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

@ApplicationScoped
public class AccountService {

    private final Pool pool;
    private final LedgerRepository ledgers;
    private final AccountRepository accounts;
    private final EventLog events;
    private final OutboxRelay relay;

    public AccountService(Pool pool, LedgerRepository ledgers, AccountRepository accounts, EventLog events,
            OutboxRelay relay) {
        this.pool = pool;
        this.ledgers = ledgers;
        this.accounts = accounts;
        this.events = events;
        this.relay = relay;
    }

    /**
     * Creates the account and its {@code account.created} event in one transaction. {@code currency} is
     * the ledger's when {@code null}, else an ISO 4217 currency or an asset the ledger declared. A
     * duplicate code fails the whole transaction, so the ledger's sequence does not move.
     */
    public Uni<Account> create(UUID ledgerId, String code, String name, AccountType type, String currency) {
        return pool.withTransaction(conn -> ledgers.findById(conn, ledgerId)
                .onItem().ifNull().failWith(() -> ledgerNotFound(ledgerId))
                .chain(ledger -> {
                    String accountCurrency = currency != null ? currency : ledger.currency();
                    if (ledger.scaleOf(accountCurrency).isEmpty()) {
                        throw ledger.unknownCurrencies(List.of(accountCurrency));
                    }
                    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
                    Account account = new Account(UUID.randomUUID(), ledgerId, code, name, type, accountCurrency, now);
                    int scale = ledger.scaleOf(accountCurrency).getAsInt();
                    return accounts.insert(conn, account)
                            .chain(inserted -> inserted
                                    ? appendEvent(conn, account, scale)
                                    : Uni.createFrom().failure(ProblemException.conflict("ACCOUNT_ALREADY_EXISTS",
                                            "Account " + code + " already exists in ledger " + ledgerId + ".")))
                            .replaceWith(account);
                }))
                .invoke(relay::wake);
    }

    private Uni<Void> appendEvent(SqlConnection conn, Account account, int scale) {
        return events.appendNext(conn, account.ledgerId(), sequence -> new LedgerEvent(UUID.randomUUID(), account.ledgerId(),
                        sequence, LedgerEvent.ACCOUNT_CREATED, account.createdAt(), new JsonObject()
                                .put("account_id", account.id().toString())
                                .put("code", account.code())
                                .put("name", account.name())
                                .put("type", account.type().wire())
                                .put("currency", account.currency())
                                .put("scale", scale)
                                .put("created_at", LedgerEvent.timestamp(account.createdAt()))))
                .replaceWithVoid();
    }

    static ProblemException ledgerNotFound(UUID ledgerId) {
        return ProblemException.notFound("LEDGER_NOT_FOUND", "Ledger " + ledgerId + " was not found.");
    }
}
