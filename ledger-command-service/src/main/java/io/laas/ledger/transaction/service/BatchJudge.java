package io.laas.ledger.transaction.service;

import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

import io.laas.ledger.account.AccountBalance;
import io.laas.ledger.account.AccountStatus;
import io.laas.ledger.account.BalanceLimits;
import io.laas.ledger.account.repository.AccountRepository.Movement;
import io.laas.ledger.transaction.AcceptedTransaction;
import io.laas.ledger.transaction.AcceptedTransaction.ResolvedPosting;
import io.laas.ledger.transaction.BalanceAssertion;
import io.laas.ledger.transaction.BatchItem;
import io.laas.ledger.transaction.CheckedTransaction;
import io.laas.ledger.transaction.Direction;
import io.laas.ledger.transaction.PendingResolution;
import io.laas.ledger.transaction.PostingOutcome;
import io.laas.ledger.transaction.PostingReceipt;
import io.laas.ledger.transaction.RecordedPosting;
import io.laas.ledger.transaction.TransactionCommand.PostingLine;
import io.laas.ledger.transaction.TransactionState;
import io.laas.ledger.transaction.TransactionState.Status;
import io.laas.ledger.transaction.repository.IdempotencyRepository.NewKey;
import io.laas.ledger.transaction.repository.IdempotencyRepository.UsedKey;
import io.laas.ledger.transaction.repository.TransactionRepository.NewTransaction;
import io.laas.web.problem.ProblemException;

/**
 * Judges the items of one batch in arrival order against the ledger's state read under its locks, each
 * against the state the items before it left: the keys they used, the balances, holds and versions
 * they moved, the transactions they resolved or reversed. A rejected item changes nothing and does not
 * affect the others. Pure: no I/O.
 */
final class BatchJudge {

    /** The answer to one item of the batch: an outcome, or the problem (or failure) that stopped it. */
    record Decision(PostingOutcome outcome, Throwable failure) {

        static Decision of(PostingOutcome outcome) {
            return new Decision(outcome, null);
        }

        static Decision rejected(ProblemException problem) {
            return new Decision(null, problem);
        }

        static Decision failed(Throwable failure) {
            return new Decision(null, failure);
        }
    }

    /**
     * What the batch writes: the accepted items in sequence order, the net movement per account (in
     * account id order), the keys to record, the transactions created and those whose state changed, and
     * the ledger's new last sequence.
     */
    record Verdict(List<Decision> decisions, List<AcceptedTransaction> accepted, List<Movement> movements,
            List<NewKey> newKeys, List<NewTransaction> newTransactions, List<TransactionState> changedTransactions,
            long lastSequence) {

        boolean anyRefused() {
            return decisions.stream().anyMatch(decision -> decision.failure() != null);
        }

        /** The same decisions with nothing to write (and so nothing to publish). */
        Verdict withNothingAccepted() {
            return new Verdict(decisions, List.of(), List.of(), List.of(), List.of(), List.of(), lastSequence);
        }
    }

    private final UUID ledgerId;
    private final ProblemException closed;
    private final Map<String, UsedKey> keys;
    private final Map<String, Working> accounts = new HashMap<>();
    private final Map<UUID, TransactionState> transactions;
    private final Map<UUID, TransactionState> changed = new LinkedHashMap<>();
    private final Supplier<UUID> transactionIds;
    private final List<AcceptedTransaction> accepted = new ArrayList<>();
    private final List<NewKey> newKeys = new ArrayList<>();
    private final List<NewTransaction> newTransactions = new ArrayList<>();
    private long sequence;

    private BatchJudge(UUID ledgerId, long lastSequence, ProblemException closed, Map<String, AccountBalance> locked,
            Map<String, UsedKey> usedKeys, Map<UUID, TransactionState> transactions, Supplier<UUID> transactionIds) {
        this.ledgerId = ledgerId;
        this.closed = closed;
        this.sequence = lastSequence;
        this.keys = new HashMap<>(usedKeys);
        this.transactions = new HashMap<>(transactions);
        this.transactionIds = transactionIds;
        locked.forEach((code, balance) -> accounts.put(code, new Working(balance)));
    }

    /**
     * @param closed the problem that refuses every item not answered by a replay (the ledger is archived), or
     *        {@code null} while the ledger takes writes
     */
    static Verdict judge(UUID ledgerId, long lastSequence, ProblemException closed, Map<String, AccountBalance> accounts,
            Map<String, UsedKey> usedKeys, Map<UUID, TransactionState> transactions, List<? extends BatchItem> batch,
            Supplier<UUID> transactionIds) {
        BatchJudge judge = new BatchJudge(ledgerId, lastSequence, closed, accounts, usedKeys, transactions,
                transactionIds);
        List<Decision> decisions = new ArrayList<>(batch.size());
        for (BatchItem item : batch) {
            decisions.add(judge.decide(item));
        }
        return judge.verdict(decisions);
    }

    private Decision decide(BatchItem item) {
        UsedKey used = item.idempotencyKey() == null ? null : keys.get(item.idempotencyKey());
        if (used != null) {
            return used.requestHash().equals(item.requestHash())
                    ? Decision.of(new PostingOutcome(used.receipt(), true))
                    : Decision.rejected(keyReused(item.idempotencyKey()));
        }
        if (closed != null) {
            return Decision.rejected(closed);
        }
        try {
            AcceptedTransaction done = item instanceof CheckedTransaction transaction
                    ? post(transaction)
                    : resolve((PendingResolution) item);
            accepted.add(done);
            PostingReceipt receipt = done.receipt();
            if (item.idempotencyKey() != null) {
                keys.put(item.idempotencyKey(), new UsedKey(item.requestHash(), receipt));
                newKeys.add(new NewKey(item.idempotencyKey(), item.requestHash(), receipt));
            }
            return Decision.of(new PostingOutcome(receipt, false));
        } catch (ProblemException problem) {
            return Decision.rejected(problem);
        }
    }

    private AcceptedTransaction post(CheckedTransaction checked) {
        List<String> missing = checked.accountCodes().stream().filter(code -> !accounts.containsKey(code)).toList();
        if (!missing.isEmpty()) {
            throw ProblemException.unprocessable("ACCOUNT_NOT_FOUND",
                    "No account " + String.join(", ", missing) + " in ledger " + ledgerId + ".",
                    Map.of("account_codes", missing));
        }
        checkCurrencies(checked);
        List<PostingLine> lines = checked.postings();
        for (PostingLine line : lines) {
            checkOpen(accounts.get(line.accountCode()));
        }
        checkLockVersions(lines);
        TransactionState reversed = checked.reversal() == null ? null : reverse(checked);

        boolean pending = checked.command().pending();
        Map<String, Delta> deltas = new TreeMap<>();
        List<ResolvedPosting> postings = new ArrayList<>(lines.size());
        for (PostingLine line : lines) {
            Working account = accounts.get(line.accountCode());
            Delta delta = deltas.computeIfAbsent(line.accountCode(), code -> new Delta());
            if (pending) {
                delta.hold(line.direction(), line.amount());
            } else {
                delta.post(line.direction(), line.amount());
            }
            postings.add(new ResolvedPosting(account.start.account(), line.direction(), line.amount(),
                    account.version + delta.versions));
        }
        checkLimits(deltas);
        checkAssertions(lines, deltas);

        apply(deltas);
        if (reversed != null) {
            transactions.put(reversed.id(), reversed);
            changed.put(reversed.id(), reversed);
        }
        UUID id = transactionIds.get();
        sequence++;
        Status status = pending ? Status.PENDING : Status.POSTED;
        newTransactions.add(new NewTransaction(id, sequence, status, checked.command().expiresAt() == null ? null
                : checked.command().expiresAt().atOffset(ZoneOffset.UTC)));
        transactions.put(id, new TransactionState(id, sequence, status, null, null, null));
        return new AcceptedTransaction.Posted(id, sequence, checked, postings);
    }

    /** The reversed transaction's state once this reversal is applied, or the problem that refuses it. */
    private TransactionState reverse(CheckedTransaction checked) {
        CheckedTransaction.Reversal reversal = checked.reversal();
        TransactionState original = transactions.get(reversal.transactionId());
        if (original == null) {
            throw transactionNotFound(reversal.transactionId());
        }
        if (original.status() != Status.POSTED) {
            throw ProblemException.conflict("TRANSACTION_NOT_POSTED", "Transaction " + original.id() + " is "
                    + original.status().wire() + "; only posted transactions can be reversed.",
                    Map.of("transaction_status", original.status().wire()));
        }
        List<BigDecimal> posted = original.postedAmounts() != null ? original.postedAmounts() : reversal.recordedAmounts();
        List<BigDecimal> taken = new ArrayList<>(original.reversedAmounts() != null ? original.reversedAmounts()
                : posted.stream().map(amount -> BigDecimal.ZERO).toList());
        boolean anythingLeft = false;
        for (int i = 0; i < posted.size(); i++) {
            anythingLeft |= posted.get(i).compareTo(taken.get(i)) > 0;
        }
        if (!anythingLeft) {
            throw ProblemException.conflict("ALREADY_REVERSED",
                    "Transaction " + original.id() + " has already been reversed in full.");
        }
        List<Map<String, Object>> excess = new ArrayList<>();
        List<PostingLine> lines = checked.postings();
        for (int i = 0; i < lines.size(); i++) {
            int index = reversal.originalPostings().get(i);
            BigDecimal left = posted.get(index).subtract(taken.get(index));
            if (lines.get(i).amount().compareTo(left) > 0) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("posting", index);
                error.put("requested", lines.get(i).amount().toPlainString());
                error.put("remaining", left.toPlainString());
                excess.add(error);
            }
            taken.set(index, taken.get(index).add(lines.get(i).amount()));
        }
        if (!excess.isEmpty()) {
            throw ProblemException.unprocessable("REVERSAL_EXCEEDS_REMAINING",
                    "A reversal can take back at most what is left of each posting of transaction " + original.id() + ".",
                    Map.of("errors", excess));
        }
        return new TransactionState(original.id(), original.sequence(), original.status(), original.expiresAt(),
                original.postedAmounts(), List.copyOf(taken));
    }

    private AcceptedTransaction resolve(PendingResolution resolution) {
        TransactionState state = transactions.get(resolution.transactionId());
        if (state == null) {
            throw transactionNotFound(resolution.transactionId());
        }
        if (state.status() != Status.PENDING) {
            throw ProblemException.conflict("TRANSACTION_NOT_PENDING", "Transaction " + state.id() + " is "
                    + state.status().wire() + "; only a pending transaction can be committed or voided.",
                    Map.of("transaction_status", state.status().wire()));
        }
        boolean commit = resolution.kind() == PendingResolution.Kind.COMMIT;
        Map<String, Delta> deltas = new TreeMap<>();
        List<RecordedPosting> held = resolution.held();
        for (int i = 0; i < held.size(); i++) {
            RecordedPosting posting = held.get(i);
            Working account = accounts.get(posting.accountCode());
            if (account == null) {
                throw new IllegalStateException("Account " + posting.accountCode() + " of a pending transaction is gone");
            }
            if (commit && resolution.amounts().get(i).signum() > 0) {
                checkOpen(account);
            }
            Delta delta = deltas.computeIfAbsent(posting.accountCode(), code -> new Delta());
            delta.hold(posting.direction(), posting.amount().negate());
            delta.post(posting.direction(), resolution.amounts().get(i));
        }
        if (commit) {
            checkLimits(deltas);
        }
        List<ResolvedPosting> postings = new ArrayList<>(held.size());
        Map<String, Long> versions = new HashMap<>();
        for (int i = 0; i < held.size(); i++) {
            RecordedPosting posting = held.get(i);
            Working account = accounts.get(posting.accountCode());
            BigDecimal amount = resolution.amounts().get(i);
            long version = versions.merge(posting.accountCode(), amount.signum() > 0 ? 1L : 0L, Long::sum);
            postings.add(new ResolvedPosting(account.start.account(), posting.direction(), amount, account.version + version));
        }
        apply(deltas);
        sequence++;
        TransactionState resolved = new TransactionState(state.id(), state.sequence(),
                commit ? Status.POSTED : Status.VOIDED, state.expiresAt(), commit ? resolution.amounts() : null, null);
        transactions.put(state.id(), resolved);
        changed.put(state.id(), resolved);
        return new AcceptedTransaction.Resolved(sequence, resolution, postings);
    }

    private void checkCurrencies(CheckedTransaction checked) {
        List<Map<String, Object>> mismatches = new ArrayList<>();
        List<PostingLine> lines = checked.postings();
        for (int i = 0; i < lines.size(); i++) {
            PostingLine line = lines.get(i);
            String accountCurrency = accounts.get(line.accountCode()).start.account().currency();
            if (!accountCurrency.equals(line.currency())) {
                Map<String, Object> mismatch = new LinkedHashMap<>();
                mismatch.put("posting", i);
                mismatch.put("account_code", line.accountCode());
                mismatch.put("account_currency", accountCurrency);
                mismatch.put("currency", line.currency());
                mismatches.add(mismatch);
            }
        }
        if (!mismatches.isEmpty()) {
            Map<String, Object> first = mismatches.get(0);
            throw ProblemException.unprocessable("CURRENCY_MISMATCH",
                    "A posting's currency must be its account's: posting " + first.get("posting") + " is in "
                            + first.get("currency") + " but account " + first.get("account_code") + " keeps "
                            + first.get("account_currency") + ".",
                    Map.of("mismatches", mismatches));
        }
    }

    private static void checkOpen(Working account) {
        AccountStatus status = account.start.account().status();
        if (status == AccountStatus.OPEN) {
            return;
        }
        String code = account.start.account().code();
        throw ProblemException.unprocessable(status == AccountStatus.FROZEN ? "ACCOUNT_FROZEN" : "ACCOUNT_CLOSED",
                "Account " + code + " is " + status.wire() + " and takes no postings.",
                Map.of("account_code", code, "account_status", status.wire()));
    }

    private void checkLockVersions(List<PostingLine> lines) {
        for (PostingLine line : lines) {
            Working account = accounts.get(line.accountCode());
            if (line.lockVersion() != null && line.lockVersion() != account.version) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("account_code", line.accountCode());
                details.put("expected_lock_version", line.lockVersion());
                details.put("current_lock_version", account.version);
                throw ProblemException.conflict("LOCK_VERSION_MISMATCH", "Account " + line.accountCode()
                        + " is at version " + account.version + ", not " + line.lockVersion() + ".", details);
            }
        }
    }

    /**
     * No account may end below its lowest balance in what it can still give (available), nor above its
     * highest in what it could come to hold (posted plus pending inflows). An item that moves an account
     * towards its bounds (or not at all) is never refused, even when the account is outside them.
     */
    private void checkLimits(Map<String, Delta> deltas) {
        deltas.forEach((code, delta) -> {
            Working account = accounts.get(code);
            BalanceLimits limits = account.start.account().limits();
            if (limits.min() == null && limits.max() == null) {
                return;
            }
            AccountBalance before = account.balance();
            AccountBalance after = account.with(delta);
            if (limits.min() != null && after.available().compareTo(limits.min()) < 0
                    && after.available().compareTo(before.available()) < 0) {
                throw limitProblem("INSUFFICIENT_FUNDS", account, before.available().subtract(after.available()),
                        before.available().subtract(limits.min()).max(BigDecimal.ZERO),
                        "Account " + code + " cannot go below its lowest balance " + limits.min().toPlainString() + ".");
            }
            if (limits.max() != null && ceiling(after).compareTo(limits.max()) > 0
                    && ceiling(after).compareTo(ceiling(before)) > 0) {
                throw limitProblem("BALANCE_LIMIT_EXCEEDED", account, ceiling(after).subtract(ceiling(before)),
                        limits.max().subtract(ceiling(before)).max(BigDecimal.ZERO),
                        "Account " + code + " cannot go above its highest balance " + limits.max().toPlainString() + ".");
            }
        });
    }

    private static BigDecimal ceiling(AccountBalance balance) {
        return balance.balance().add(balance.account().normalBalance() == Direction.DEBIT
                ? balance.pendingDebits()
                : balance.pendingCredits());
    }

    private static ProblemException limitProblem(String code, Working account, BigDecimal required, BigDecimal available,
            String detail) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("account_code", account.start.account().code());
        details.put("currency", account.start.account().currency());
        details.put("required", required.toPlainString());
        details.put("available", available.toPlainString());
        return ProblemException.unprocessable(code, detail, details);
    }

    private void checkAssertions(List<PostingLine> lines, Map<String, Delta> deltas) {
        for (int i = 0; i < lines.size(); i++) {
            PostingLine line = lines.get(i);
            BalanceAssertion assertion = line.assertion();
            if (assertion == null) {
                continue;
            }
            Working account = accounts.get(line.accountCode());
            AccountBalance after = account.with(deltas.get(line.accountCode()));
            BigDecimal value = assertion.balance() == BalanceAssertion.Kind.AVAILABLE ? after.available() : after.balance();
            if (!assertion.holdsFor(value)) {
                Map<String, Object> expected = new LinkedHashMap<>();
                if (assertion.gte() != null) {
                    expected.put("gte", assertion.gte().toPlainString());
                }
                if (assertion.lte() != null) {
                    expected.put("lte", assertion.lte().toPlainString());
                }
                if (assertion.eq() != null) {
                    expected.put("eq", assertion.eq().toPlainString());
                }
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("posting", i);
                details.put("account_code", line.accountCode());
                details.put("currency", account.start.account().currency());
                details.put("balance", assertion.balance().wire());
                details.put("assertion", expected);
                details.put("resulting_balance", value.toPlainString());
                throw ProblemException.unprocessable("BALANCE_ASSERTION_FAILED", "The " + assertion.balance().wire()
                        + " balance of account " + line.accountCode() + " would be " + value.toPlainString()
                        + ", which fails the assertion of posting " + i + ".", details);
            }
        }
    }

    private void apply(Map<String, Delta> deltas) {
        deltas.forEach((code, delta) -> accounts.get(code).add(delta));
    }

    private Verdict verdict(List<Decision> decisions) {
        Map<UUID, Movement> movements = new TreeMap<>();
        for (Working account : accounts.values()) {
            Movement movement = account.movement();
            if (movement != null) {
                movements.put(movement.accountId(), movement);
            }
        }
        return new Verdict(decisions, accepted, List.copyOf(movements.values()), newKeys, newTransactions,
                List.copyOf(changed.values()), sequence);
    }

    static ProblemException keyReused(String key) {
        return ProblemException.conflict("IDEMPOTENCY_KEY_REUSED",
                "Idempotency key " + key + " was already used for a different request in this ledger.");
    }

    static ProblemException transactionNotFound(UUID id) {
        return ProblemException.notFound("TRANSACTION_NOT_FOUND", "Transaction " + id + " was not found.");
    }

    /** What one item moves on one account. */
    private static final class Delta {
        BigDecimal debits = BigDecimal.ZERO;
        BigDecimal credits = BigDecimal.ZERO;
        BigDecimal pendingDebits = BigDecimal.ZERO;
        BigDecimal pendingCredits = BigDecimal.ZERO;
        long versions;

        void post(Direction direction, BigDecimal amount) {
            if (direction == Direction.DEBIT) {
                debits = debits.add(amount);
            } else {
                credits = credits.add(amount);
            }
            if (amount.signum() > 0) {
                versions++;
            }
        }

        void hold(Direction direction, BigDecimal amount) {
            if (direction == Direction.DEBIT) {
                pendingDebits = pendingDebits.add(amount);
            } else {
                pendingCredits = pendingCredits.add(amount);
            }
        }
    }

    /** An account as the items judged so far have left it. */
    private static final class Working {
        final AccountBalance start;
        BigDecimal debits;
        BigDecimal credits;
        BigDecimal pendingDebits;
        BigDecimal pendingCredits;
        long version;

        Working(AccountBalance start) {
            this.start = start;
            this.debits = start.debits();
            this.credits = start.credits();
            this.pendingDebits = start.pendingDebits();
            this.pendingCredits = start.pendingCredits();
            this.version = start.version();
        }

        AccountBalance balance() {
            return new AccountBalance(start.account(), debits, credits, pendingDebits, pendingCredits, version);
        }

        AccountBalance with(Delta delta) {
            return new AccountBalance(start.account(), debits.add(delta.debits), credits.add(delta.credits),
                    pendingDebits.add(delta.pendingDebits), pendingCredits.add(delta.pendingCredits),
                    version + delta.versions);
        }

        void add(Delta delta) {
            debits = debits.add(delta.debits);
            credits = credits.add(delta.credits);
            pendingDebits = pendingDebits.add(delta.pendingDebits);
            pendingCredits = pendingCredits.add(delta.pendingCredits);
            version += delta.versions;
        }

        /** The net change since the batch began, or {@code null} when there is none. */
        Movement movement() {
            if (version == start.version() && debits.equals(start.debits()) && credits.equals(start.credits())
                    && pendingDebits.equals(start.pendingDebits()) && pendingCredits.equals(start.pendingCredits())) {
                return null;
            }
            return new Movement(start.account().id(), debits.subtract(start.debits()), credits.subtract(start.credits()),
                    pendingDebits.subtract(start.pendingDebits()), pendingCredits.subtract(start.pendingCredits()),
                    version - start.version());
        }
    }
}
