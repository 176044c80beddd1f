package io.laas.ledger.account.service;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.ledger.account.Account;
import io.laas.ledger.account.AccountBalance;
import io.laas.ledger.account.AccountChanges;
import io.laas.ledger.account.AccountDraft;
import io.laas.ledger.account.AccountStatus;
import io.laas.ledger.account.BalanceLimits;
import io.laas.ledger.account.repository.AccountRepository;
import io.laas.ledger.event.LedgerEvent;
import io.laas.ledger.event.Sequenced;
import io.laas.ledger.event.service.EventLog;
import io.laas.ledger.registry.Ledger;
import io.laas.ledger.registry.repository.LedgerRepository;
import io.laas.ledger.registry.service.LedgerDirectory;
import io.laas.outbox.OutboxRelay;
import io.laas.tenancy.LedgerScope;
import io.laas.web.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Opens accounts and changes what a {@code PATCH} may change (name, metadata, status, limits), each with
 * its event in the same transaction. A refused request rolls the whole transaction back, so the
 * ledger's sequence does not move.
 */
@ApplicationScoped
public class AccountService {

    private final Pool pool;
    private final LedgerRepository ledgers;
    private final LedgerDirectory directory;
    private final AccountRepository accounts;
    private final EventLog events;
    private final OutboxRelay relay;

    public AccountService(Pool pool, LedgerRepository ledgers, LedgerDirectory directory, AccountRepository accounts,
            EventLog events, OutboxRelay relay) {
        this.pool = pool;
        this.ledgers = ledgers;
        this.directory = directory;
        this.accounts = accounts;
        this.events = events;
        this.relay = relay;
    }

    /**
     * Opens the account. Its currency is the ledger's unless the draft names an ISO 4217 currency or an
     * asset the ledger declared; a parent must already exist in the same currency (so no cycle can ever
     * form: a parent is older than its children and is never changed). Returns it with its event's sequence.
     */
    public Uni<Sequenced<Account>> create(UUID ledgerId, AccountDraft draft) {
        // a ledger not learned yet is asked of the registry first; then the transaction reads it as it stands
        return directory.require(ledgerId).chain(known -> LedgerScope.withLedger(pool, ledgerId,
                conn -> ledgers.findById(conn, ledgerId)
                .onItem().ifNull().failWith(() -> ledgerNotFound(ledgerId))
                .chain(ledger -> {
                    if (ledger.archived()) {
                        // answered before any other check; the ledger's lock decides again when the event is appended
                        throw Ledger.archived(ledgerId, ledger.archivedAt());
                    }
                    String currency = draft.currency() != null ? draft.currency() : ledger.currency();
                    if (ledger.scaleOf(currency).isEmpty()) {
                        throw ledger.unknownCurrencies(List.of(currency));
                    }
                    int scale = ledger.scaleOf(currency).getAsInt();
                    checkLimits(draft.limits(), currency, scale);
                    Uni<AccountBalance> parent = draft.parentCode() == null
                            ? Uni.createFrom().nullItem()
                            : accounts.find(conn, ledgerId, draft.parentCode());
                    return parent.chain(found -> {
                        if (draft.parentCode() != null) {
                            checkParent(draft.parentCode(), found, currency);
                        }
                        OffsetDateTime now = now();
                        Account account = new Account(UUID.randomUUID(), ledgerId, draft.code(), draft.name(),
                                draft.type(),
                                draft.normalBalance() != null ? draft.normalBalance() : draft.type().normalBalance(),
                                currency, found == null ? null : found.account().id(), draft.parentCode(),
                                AccountStatus.OPEN, scaled(draft.limits(), scale), draft.metadata(), now);
                        return accounts.insert(conn, account)
                                .chain(inserted -> inserted
                                        ? append(conn, ledgerId, LedgerEvent.ACCOUNT_CREATED, now, created(account, scale))
                                        : Uni.createFrom().<Long>failure(ProblemException.conflict("ACCOUNT_ALREADY_EXISTS",
                                                "Account " + draft.code() + " already exists in ledger " + ledgerId + ".")))
                                .map(sequence -> new Sequenced<>(account, sequence));
                    });
                })))
                .invoke(relay::wake);
    }

    /**
     * Applies the changes under the ledger's lock and then the account's (the order postings take them),
     * so that a status or a limit and the postings it concerns are judged one after the other. Returns
     * the account as it now stands, with the sequence of its event; a request that changes nothing writes
     * nothing and answers the ledger's sequence (read under its lock: the account's state is that of it).
     */
    public Uni<Sequenced<AccountBalance>> update(UUID ledgerId, String code, AccountChanges changes) {
        return LedgerScope.withLedger(pool, ledgerId, conn -> events.lockForWrite(conn, ledgerId)
                .chain(head -> Uni.combine().all()
                        .unis(ledgers.findById(conn, ledgerId), accounts.lock(conn, ledgerId, code)).asTuple()
                .chain(found -> {
                    Ledger ledger = found.getItem1();
                    AccountBalance current = found.getItem2();
                    if (current == null) {
                        throw ProblemException.notFound("ACCOUNT_NOT_FOUND",
                                "No account " + code + " in ledger " + ledgerId + ".");
                    }
                    int scale = ledger.scaleOf(current.account().currency()).orElse(0);
                    Account before = current.account();
                    Account after = apply(current, changes, scale);
                    List<String> changed = changed(before, after);
                    if (changed.isEmpty()) {
                        return Uni.createFrom().item(new Sequenced<>(current, head.lastSequence()));
                    }
                    OffsetDateTime now = now();
                    AccountBalance updated = new AccountBalance(after, current.debits(), current.credits(),
                            current.pendingDebits(), current.pendingCredits(), current.version());
                    return accounts.updateState(conn, after)
                            .chain(() -> append(conn, ledgerId, LedgerEvent.ACCOUNT_UPDATED, now,
                                    updated(before, after, changed, now)))
                            .map(sequence -> new Sequenced<>(updated, sequence));
                })))
                .invoke(relay::wake);
    }

    private static Account apply(AccountBalance current, AccountChanges changes, int scale) {
        Account account = current.account();
        AccountStatus status = changes.status() != null ? changes.status() : account.status();
        if (status != account.status()) {
            checkTransition(current, status);
        }
        BalanceLimits limits = new BalanceLimits(
                changes.minBalance() != null ? changes.minBalance().orElse(null) : account.limits().min(),
                changes.maxBalance() != null ? changes.maxBalance().orElse(null) : account.limits().max());
        checkLimits(limits, account.currency(), scale);
        return account.withState(changes.name() != null ? changes.name() : account.name(), status,
                scaled(limits, scale), changes.metadata() != null ? changes.metadata() : account.metadata());
    }

    /**
     * Open and frozen accounts move between each other; either may be closed once it holds nothing
     * (a zero posted balance and no pending holds); a closed account stays closed.
     */
    private static void checkTransition(AccountBalance current, AccountStatus to) {
        Account account = current.account();
        if (account.status() == AccountStatus.CLOSED) {
            throw ProblemException.conflict("INVALID_STATUS_TRANSITION", "Account " + account.code()
                    + " is closed; a closed account cannot be reopened or frozen.",
                    Map.of("account_code", account.code(), "account_status", "closed"));
        }
        if (to != AccountStatus.CLOSED) {
            return;
        }
        if (current.balance().signum() != 0) {
            throw ProblemException.conflict("ACCOUNT_NOT_EMPTY", "Account " + account.code() + " has a balance of "
                    + current.balance().toPlainString() + "; only an account with a zero balance can be closed.",
                    Map.of("account_code", account.code(), "balance", current.balance().toPlainString()));
        }
        if (current.pendingDebits().signum() != 0 || current.pendingCredits().signum() != 0) {
            throw ProblemException.conflict("ACCOUNT_HAS_PENDING_HOLDS", "Account " + account.code()
                    + " has pending transactions; commit or void them before closing it.",
                    Map.of("account_code", account.code(), "pending_debits", current.pendingDebits().toPlainString(),
                            "pending_credits", current.pendingCredits().toPlainString()));
        }
    }

    private static void checkLimits(BalanceLimits limits, String currency, int scale) {
        List<Map<String, String>> errors = new ArrayList<>();
        checkScale("limits.min_balance", limits.min(), currency, scale, errors);
        checkScale("limits.max_balance", limits.max(), currency, scale, errors);
        if (errors.isEmpty() && limits.min() != null && limits.max() != null && limits.min().compareTo(limits.max()) > 0) {
            errors.add(Map.of("field", "limits", "message", "min_balance must not be greater than max_balance"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.unprocessable("INVALID_LIMITS",
                    "Balance limits must fit the account's currency and min_balance must not exceed max_balance.",
                    Map.of("errors", errors));
        }
    }

    private static void checkScale(String field, BigDecimal bound, String currency, int scale,
            List<Map<String, String>> errors) {
        if (bound != null && bound.stripTrailingZeros().scale() > scale) {
            errors.add(Map.of("field", field, "message", "has more than " + scale + " decimal places for " + currency));
        }
    }

    private static BalanceLimits scaled(BalanceLimits limits, int scale) {
        return new BalanceLimits(limits.min() == null ? null : limits.min().setScale(scale),
                limits.max() == null ? null : limits.max().setScale(scale));
    }

    private static void checkParent(String parentCode, AccountBalance parent, String currency) {
        if (parent == null) {
            throw ProblemException.unprocessable("PARENT_NOT_FOUND", "No parent account " + parentCode
                    + " in this ledger; a parent must exist before its children.", Map.of("parent_code", parentCode));
        }
        if (!parent.account().currency().equals(currency)) {
            throw ProblemException.unprocessable("PARENT_CURRENCY_MISMATCH", "Parent account " + parentCode + " keeps "
                    + parent.account().currency() + " but the account would keep " + currency + ".",
                    Map.of("parent_code", parentCode, "parent_currency", parent.account().currency(), "currency", currency));
        }
    }

    private static List<String> changed(Account before, Account after) {
        List<String> changed = new ArrayList<>();
        if (!before.name().equals(after.name())) {
            changed.add("name");
        }
        if (before.status() != after.status()) {
            changed.add("status");
        }
        if (!Objects.equals(before.limits(), after.limits())) {
            changed.add("limits");
        }
        if (!before.metadata().equals(after.metadata())) {
            changed.add("metadata");
        }
        return changed;
    }

    private Uni<Long> append(SqlConnection conn, UUID ledgerId, String type, OffsetDateTime at, JsonObject data) {
        return events.appendNext(conn, ledgerId, type, at, data);
    }

    private static JsonObject created(Account account, int scale) {
        return new JsonObject()
                .put("account_id", account.id().toString())
                .put("code", account.code())
                .put("name", account.name())
                .put("type", account.type().wire())
                .put("normal_balance", account.normalBalance().wire())
                .put("currency", account.currency())
                .put("scale", scale)
                .put("parent_id", account.parentId() == null ? null : account.parentId().toString())
                .put("parent_code", account.parentCode())
                .put("status", account.status().wire())
                .put("limits", limits(account.limits()))
                .put("metadata", account.metadata())
                .put("version", 0)
                .put("created_at", LedgerEvent.timestamp(account.createdAt()));
    }

    private static JsonObject updated(Account before, Account after, List<String> changed, OffsetDateTime at) {
        return new JsonObject()
                .put("account_id", after.id().toString())
                .put("code", after.code())
                .put("name", after.name())
                .put("status", after.status().wire())
                .put("previous_status", before.status().wire())
                .put("limits", limits(after.limits()))
                .put("metadata", after.metadata())
                .put("changed", changed)
                .put("updated_at", LedgerEvent.timestamp(at));
    }

    public static JsonObject limits(BalanceLimits limits) {
        Map<String, Object> bounds = new LinkedHashMap<>();
        bounds.put("min_balance", limits.min() == null ? null : limits.min().toPlainString());
        bounds.put("max_balance", limits.max() == null ? null : limits.max().toPlainString());
        return new JsonObject(bounds);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    static ProblemException ledgerNotFound(UUID ledgerId) {
        return ProblemException.notFound("LEDGER_NOT_FOUND", "Ledger " + ledgerId + " was not found.");
    }
}
