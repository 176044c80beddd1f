package io.laas.ledger.transaction.repository;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.ledger.account.repository.AccountRepository;
import io.laas.ledger.account.repository.AccountRepository.Movement;
import io.laas.ledger.event.LedgerEvent;
import io.laas.ledger.event.repository.EventStore;
import io.laas.ledger.registry.repository.LedgerRepository;
import io.laas.ledger.transaction.AcceptedTransaction;
import io.laas.ledger.transaction.AcceptedTransaction.ResolvedPosting;
import io.laas.ledger.transaction.Direction;
import io.laas.ledger.transaction.Money;
import io.laas.ledger.transaction.TransactionCommand;
import io.laas.ledger.transaction.repository.IdempotencyRepository.StoredResponse;
import io.laas.web.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The SQL unit of work that commits accepted transactions of one ledger: it reserves their sequence
 * numbers (taking the ledger's row lock), records their idempotency keys, locks the accounts in id
 * order, adds the movements to the balances, and appends the {@code transaction.posted} events to
 * the event store and the outbox. It takes a list so that many transactions can share one database
 * transaction.
 */
@ApplicationScoped
public class TransactionWriter {

    private final LedgerRepository ledgers;
    private final AccountRepository accounts;
    private final IdempotencyRepository idempotency;
    private final EventStore events;

    public TransactionWriter(LedgerRepository ledgers, AccountRepository accounts, IdempotencyRepository idempotency,
            EventStore events) {
        this.ledgers = ledgers;
        this.accounts = accounts;
        this.idempotency = idempotency;
        this.events = events;
    }

    /** Writes the transactions (all of {@code ledgerId}) and returns their responses, in the same order. */
    public Uni<List<StoredResponse>> write(SqlConnection conn, UUID ledgerId, List<AcceptedTransaction> batch) {
        return ledgers.reserveSequences(conn, ledgerId, batch.size())
                .onItem().ifNull().failWith(() -> ProblemException.notFound("LEDGER_NOT_FOUND",
                        "Ledger " + ledgerId + " was not found."))
                .chain(last -> {
                    long first = last - batch.size() + 1;
                    OffsetDateTime recordedAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
                    List<LedgerEvent> posted = new ArrayList<>(batch.size());
                    List<StoredResponse> responses = new ArrayList<>(batch.size());
                    for (int i = 0; i < batch.size(); i++) {
                        AcceptedTransaction tx = batch.get(i);
                        long sequence = first + i;
                        posted.add(new LedgerEvent(UUID.randomUUID(), ledgerId, sequence, LedgerEvent.TRANSACTION_POSTED,
                                recordedAt, eventData(tx, recordedAt)));
                        responses.add(new StoredResponse(tx.command().idempotencyKey(), tx.command().requestHash(), 201,
                                new JsonObject()
                                        .put("transaction_id", tx.transactionId().toString())
                                        .put("status", "accepted")
                                        .put("ledger_sequence", sequence),
                                tx.transactionId()));
                    }
                    List<String> codes = batch.stream()
                            .flatMap(tx -> tx.command().accountCodes().stream())
                            .distinct().sorted().toList();
                    return idempotency.insert(conn, ledgerId, responses)
                            .chain(() -> accounts.lockByCodes(conn, ledgerId, codes))
                            .chain(() -> accounts.addMovements(conn, movements(batch)))
                            .chain(() -> events.append(conn, posted))
                            .replaceWith(responses);
                });
    }

    /** Net movement per account, sorted by account id (the lock order). */
    private static List<Movement> movements(List<AcceptedTransaction> batch) {
        Map<UUID, BigDecimal[]> totals = new TreeMap<>();
        for (AcceptedTransaction tx : batch) {
            for (ResolvedPosting posting : tx.postings()) {
                BigDecimal[] total = totals.computeIfAbsent(posting.account().id(),
                        id -> new BigDecimal[] { BigDecimal.ZERO, BigDecimal.ZERO });
                int side = posting.direction() == Direction.DEBIT ? 0 : 1;
                total[side] = total[side].add(posting.amount());
            }
        }
        return totals.entrySet().stream()
                .map(e -> new Movement(e.getKey(), e.getValue()[0], e.getValue()[1]))
                .toList();
    }

    private static JsonObject eventData(AcceptedTransaction tx, OffsetDateTime recordedAt) {
        TransactionCommand command = tx.command();
        JsonArray postings = new JsonArray();
        for (ResolvedPosting posting : tx.postings()) {
            postings.add(new JsonObject()
                    .put("account_id", posting.account().id().toString())
                    .put("account_code", posting.account().code())
                    .put("account_type", posting.account().type().wire())
                    .put("direction", posting.direction().wire())
                    .put("amount", Money.format(posting.amount(), tx.scale())));
        }
        return new JsonObject()
                .put("transaction_id", tx.transactionId().toString())
                .put("external_id", command.externalId())
                .put("idempotency_key", command.idempotencyKey())
                .put("currency", command.currency())
                .put("occurred_at", command.occurredAt() != null
                        ? command.occurredAt().toString()
                        : LedgerEvent.timestamp(recordedAt))
                .put("metadata", command.metadata() != null ? command.metadata() : new JsonObject())
                .put("postings", postings);
    }
}
