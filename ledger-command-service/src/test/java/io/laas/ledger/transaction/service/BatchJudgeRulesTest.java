package io.laas.ledger.transaction.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.laas.ledger.account.Account;
import io.laas.ledger.account.AccountBalance;
import io.laas.ledger.account.AccountStatus;
import io.laas.ledger.account.AccountType;
import io.laas.ledger.account.BalanceLimits;
import io.laas.ledger.account.repository.AccountRepository.Movement;
import io.laas.ledger.transaction.AcceptedTransaction;
import io.laas.ledger.transaction.BalanceAssertion;
import io.laas.ledger.transaction.BatchItem;
import io.laas.ledger.transaction.CheckedTransaction;
import io.laas.ledger.transaction.Direction;
import io.laas.ledger.transaction.PendingResolution;
import io.laas.ledger.transaction.RecordedPosting;
import io.laas.ledger.transaction.TransactionCommand;
import io.laas.ledger.transaction.TransactionCommand.PostingLine;
import io.laas.ledger.transaction.TransactionState;
import io.laas.ledger.transaction.service.BatchJudge.Verdict;
import io.laas.web.problem.ProblemException;

/** Statuses, versions, limits, assertions, holds and reversals, judged in a batch against locked state. */
class BatchJudgeRulesTest {

    private static final UUID LEDGER = UUID.randomUUID();

    private final Map<String, AccountBalance> accounts = new HashMap<>();
    private final Map<UUID, TransactionState> transactions = new HashMap<>();
    private int keys;

    private Account account(String code, AccountType type, AccountStatus status, BalanceLimits limits, String debits,
            String credits, long version) {
        Account account = new Account(UUID.randomUUID(), LEDGER, code, code, type, type.normalBalance(), "USD", null, null,
                status, limits, null, OffsetDateTime.now());
        accounts.put(code, new AccountBalance(account, new BigDecimal(debits), new BigDecimal(credits), BigDecimal.ZERO,
                BigDecimal.ZERO, version));
        return account;
    }

    /** A customer wallet (credit-normal) that must not go below {@code min}, and the bank's cash. */
    private void wallet(String min, String balance) {
        account("wallet", AccountType.LIABILITY, AccountStatus.OPEN,
                new BalanceLimits(min == null ? null : new BigDecimal(min), null), "0", balance, 3);
        account("cash", AccountType.ASSET, AccountStatus.OPEN, BalanceLimits.NONE, "1000", "0", 0);
    }

    private CheckedTransaction tx(boolean pending, PostingLine... lines) {
        String key = "k" + (++keys);
        TransactionCommand command = new TransactionCommand(LEDGER, key, null, "USD", null, pending, null, List.of(lines),
                null, "h" + key);
        return new CheckedTransaction(command, "USD", List.of(lines));
    }

    /** Moves {@code amount} out of the wallet (a withdrawal): debit wallet, credit cash. */
    private CheckedTransaction withdraw(String amount) {
        return tx(false, line("wallet", Direction.DEBIT, amount), line("cash", Direction.CREDIT, amount));
    }

    private static PostingLine line(String code, Direction direction, String amount) {
        return new PostingLine(code, direction, new BigDecimal(amount), "USD");
    }

    private Verdict judge(BatchItem... batch) {
        return BatchJudge.judge(LEDGER, 10, null, accounts, Map.of(), transactions, List.of(batch), UUID::randomUUID);
    }

    private static ProblemException problem(Verdict verdict, int index) {
        return assertInstanceOf(ProblemException.class, verdict.decisions().get(index).failure());
    }

    private static Movement movement(Verdict verdict, Account account) {
        return verdict.movements().stream().filter(m -> m.accountId().equals(account.id())).findFirst().orElseThrow();
    }

    @Test
    void frozenAndClosedAccountsRefusePostings() {
        wallet(null, "100");
        account("frozen", AccountType.ASSET, AccountStatus.FROZEN, BalanceLimits.NONE, "0", "0", 0);
        account("closed", AccountType.ASSET, AccountStatus.CLOSED, BalanceLimits.NONE, "0", "0", 0);

        Verdict verdict = judge(tx(false, line("frozen", Direction.DEBIT, "1"), line("wallet", Direction.CREDIT, "1")),
                tx(false, line("closed", Direction.DEBIT, "1"), line("wallet", Direction.CREDIT, "1")));

        assertEquals("ACCOUNT_FROZEN", problem(verdict, 0).code());
        assertEquals("ACCOUNT_CLOSED", problem(verdict, 1).code());
        assertTrue(verdict.accepted().isEmpty());
        assertTrue(verdict.movements().isEmpty());
    }

    @Test
    void theLowerLimitHoldsWithinABatch() {
        wallet("0", "100");

        Verdict verdict = judge(withdraw("60"), withdraw("60"), withdraw("40"));

        assertNotNull(verdict.decisions().get(0).outcome());
        ProblemException refused = problem(verdict, 1);
        assertEquals("INSUFFICIENT_FUNDS", refused.code());
        assertEquals("wallet", refused.extensions().get("account_code"));
        assertEquals("USD", refused.extensions().get("currency"));
        assertEquals("60", refused.extensions().get("required"));
        assertEquals("40", refused.extensions().get("available"));
        assertNotNull(verdict.decisions().get(2).outcome(), "the last 40 still fits");
        assertEquals(0, movement(verdict, accounts.get("wallet").account()).debits().compareTo(new BigDecimal("100")));
    }

    @Test
    void aCreditLineLetsTheBalanceGoNegativeDownToItsBound() {
        wallet("-500", "0");

        Verdict verdict = judge(withdraw("500"), withdraw("0.01"));

        assertNotNull(verdict.decisions().get(0).outcome());
        assertEquals("INSUFFICIENT_FUNDS", problem(verdict, 1).code());
        assertEquals("0", problem(verdict, 1).extensions().get("available"));
    }

    @Test
    void theUpperLimitCountsPendingInflows() {
        account("wallet", AccountType.LIABILITY, AccountStatus.OPEN, new BalanceLimits(null, new BigDecimal("100")), "0",
                "90", 0);
        account("cash", AccountType.ASSET, AccountStatus.OPEN, BalanceLimits.NONE, "1000", "0", 0);

        Verdict verdict = judge(tx(true, line("cash", Direction.DEBIT, "10"), line("wallet", Direction.CREDIT, "10")),
                tx(false, line("cash", Direction.DEBIT, "1"), line("wallet", Direction.CREDIT, "1")));

        assertNotNull(verdict.decisions().get(0).outcome(), "a pending inflow up to the bound is accepted");
        ProblemException refused = problem(verdict, 1);
        assertEquals("BALANCE_LIMIT_EXCEEDED", refused.code());
        assertEquals("1", refused.extensions().get("required"));
        assertEquals("0", refused.extensions().get("available"));
    }

    @Test
    void aPendingOutflowLowersAvailableButNotPostedAndDoesNotChangeVersions() {
        wallet("0", "100");

        Verdict verdict = judge(tx(true, line("wallet", Direction.DEBIT, "70"), line("cash", Direction.CREDIT, "70")),
                withdraw("40"));

        AcceptedTransaction.Posted held = (AcceptedTransaction.Posted) verdict.accepted().get(0);
        assertEquals(3, held.postings().get(0).accountVersion(), "a hold does not change the version");
        assertEquals("INSUFFICIENT_FUNDS", problem(verdict, 1).code());
        Movement wallet = movement(verdict, accounts.get("wallet").account());
        assertEquals(0, wallet.debits().signum());
        assertEquals(0, wallet.pendingDebits().compareTo(new BigDecimal("70")));
        assertEquals(0, wallet.versions());
        assertEquals(TransactionState.Status.PENDING, verdict.newTransactions().get(0).status());
    }

    @Test
    void lockVersionsAreCheckedAgainstTheVersionTheBatchHasReached() {
        wallet(null, "100");
        PostingLine atThree = new PostingLine("wallet", Direction.DEBIT, BigDecimal.ONE, "USD", 3L, null);
        PostingLine cash = line("cash", Direction.CREDIT, "1");

        Verdict verdict = judge(tx(false, atThree, cash), tx(false, atThree, cash),
                tx(false, new PostingLine("wallet", Direction.DEBIT, BigDecimal.ONE, "USD", 4L, null), cash));

        AcceptedTransaction.Posted first = (AcceptedTransaction.Posted) verdict.accepted().get(0);
        assertEquals(4, first.postings().get(0).accountVersion());
        ProblemException stale = problem(verdict, 1);
        assertEquals("LOCK_VERSION_MISMATCH", stale.code());
        assertEquals(409, stale.status());
        assertEquals(4L, stale.extensions().get("current_lock_version"));
        assertNotNull(verdict.decisions().get(2).outcome());
        assertEquals(2, movement(verdict, accounts.get("wallet").account()).versions());
    }

    @Test
    void balanceAssertionsSeeTheResultingBalance() {
        wallet(null, "100");
        BalanceAssertion exactly70 = new BalanceAssertion(BalanceAssertion.Kind.POSTED, null, null, new BigDecimal("70"));

        Verdict verdict = judge(
                tx(false, new PostingLine("wallet", Direction.DEBIT, new BigDecimal("30"), "USD", null, exactly70),
                        line("cash", Direction.CREDIT, "30")),
                tx(false, new PostingLine("wallet", Direction.DEBIT, new BigDecimal("30"), "USD", null, exactly70),
                        line("cash", Direction.CREDIT, "30")));

        assertNotNull(verdict.decisions().get(0).outcome());
        ProblemException failed = problem(verdict, 1);
        assertEquals("BALANCE_ASSERTION_FAILED", failed.code());
        assertEquals("40", failed.extensions().get("resulting_balance"));
        assertEquals(0, failed.extensions().get("posting"));
    }

    @Test
    void aPartialCommitPostsPartAndReleasesTheRest() {
        wallet("0", "100");
        UUID pending = UUID.randomUUID();
        transactions.put(pending, new TransactionState(pending, 5, TransactionState.Status.PENDING, null, null, null));
        List<RecordedPosting> held = List.of(
                new RecordedPosting(accounts.get("wallet").account().id(), "wallet", Direction.DEBIT, "USD", new BigDecimal("70")),
                new RecordedPosting(accounts.get("cash").account().id(), "cash", Direction.CREDIT, "USD", new BigDecimal("70")));
        accounts.put("wallet", withPending(accounts.get("wallet"), "70", "0"));
        accounts.put("cash", withPending(accounts.get("cash"), "0", "70"));
        PendingResolution commit = new PendingResolution(LEDGER, "c1", "hc", pending, PendingResolution.Kind.COMMIT, held,
                List.of(new BigDecimal("50"), new BigDecimal("50")));

        Verdict verdict = judge(commit, withdraw("50"), withdraw("50.01"));

        assertNotNull(verdict.decisions().get(0).outcome());
        assertNotNull(verdict.decisions().get(1).outcome(), "the 20 released and the 30 left make 50 available");
        assertEquals("INSUFFICIENT_FUNDS", problem(verdict, 2).code());
        Movement wallet = movement(verdict, accounts.get("wallet").account());
        assertEquals(0, wallet.debits().compareTo(new BigDecimal("100")));
        assertEquals(0, wallet.pendingDebits().compareTo(new BigDecimal("-70")));
        assertEquals(2, wallet.versions());
        TransactionState committed = verdict.changedTransactions().get(0);
        assertEquals(TransactionState.Status.POSTED, committed.status());
        assertEquals(List.of(new BigDecimal("50"), new BigDecimal("50")), committed.postedAmounts());
    }

    @Test
    void aResolvedTransactionCannotBeResolvedAgain() {
        wallet(null, "100");
        UUID pending = UUID.randomUUID();
        transactions.put(pending, new TransactionState(pending, 5, TransactionState.Status.PENDING, null, null, null));
        accounts.put("wallet", withPending(accounts.get("wallet"), "5", "0"));
        accounts.put("cash", withPending(accounts.get("cash"), "0", "5"));
        List<RecordedPosting> held = List.of(
                new RecordedPosting(accounts.get("wallet").account().id(), "wallet", Direction.DEBIT, "USD", new BigDecimal("5")),
                new RecordedPosting(accounts.get("cash").account().id(), "cash", Direction.CREDIT, "USD", new BigDecimal("5")));
        List<BigDecimal> none = List.of(BigDecimal.ZERO, BigDecimal.ZERO);

        Verdict verdict = judge(new PendingResolution(LEDGER, "v1", "hv", pending, PendingResolution.Kind.EXPIRE, held, none),
                new PendingResolution(LEDGER, "v2", "hv2", pending, PendingResolution.Kind.VOID, held, none));

        assertNotNull(verdict.decisions().get(0).outcome());
        assertEquals("TRANSACTION_NOT_PENDING", problem(verdict, 1).code());
        assertEquals(TransactionState.Status.VOIDED, verdict.changedTransactions().get(0).status());
        assertEquals(0, movement(verdict, accounts.get("wallet").account()).versions());
    }

    @Test
    void reversalsTakeBackAtMostWhatIsLeft() {
        wallet(null, "100");
        UUID original = UUID.randomUUID();
        transactions.put(original, new TransactionState(original, 5, TransactionState.Status.POSTED, null, null, null));
        List<BigDecimal> recorded = List.of(new BigDecimal("30"), new BigDecimal("30"));

        Verdict verdict = judge(reversal(original, "20", recorded), reversal(original, "20", recorded),
                reversal(original, "10", recorded), reversal(original, "1", recorded));

        assertNotNull(verdict.decisions().get(0).outcome());
        ProblemException excess = problem(verdict, 1);
        assertEquals("REVERSAL_EXCEEDS_REMAINING", excess.code());
        assertNotNull(verdict.decisions().get(2).outcome());
        assertEquals("ALREADY_REVERSED", problem(verdict, 3).code());
        TransactionState reversed = verdict.changedTransactions().get(0);
        assertEquals(List.of(new BigDecimal("30"), new BigDecimal("30")), reversed.reversedAmounts());
    }

    private CheckedTransaction reversal(UUID original, String amount, List<BigDecimal> recorded) {
        CheckedTransaction mirror = tx(false, line("cash", Direction.DEBIT, amount), line("wallet", Direction.CREDIT, amount));
        return new CheckedTransaction(mirror.command(), "USD", mirror.postings(),
                new CheckedTransaction.Reversal(original, List.of(1, 0), recorded));
    }

    private static AccountBalance withPending(AccountBalance balance, String pendingDebits, String pendingCredits) {
        return new AccountBalance(balance.account(), balance.debits(), balance.credits(), new BigDecimal(pendingDebits),
                new BigDecimal(pendingCredits), balance.version());
    }
}
