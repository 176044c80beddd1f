package io.laas.ledger.transaction.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.laas.ledger.account.Account;
import io.laas.ledger.account.AccountBalance;
import io.laas.ledger.account.AccountStatus;
import io.laas.ledger.account.AccountType;
import io.laas.ledger.account.BalanceLimits;
import io.laas.ledger.account.repository.AccountRepository.Movement;
import io.laas.ledger.transaction.AcceptedTransaction;
import io.laas.ledger.transaction.CheckedTransaction;
import io.laas.ledger.transaction.Direction;
import io.laas.ledger.transaction.PostingReceipt;
import io.laas.ledger.transaction.TransactionCommand;
import io.laas.ledger.transaction.TransactionCommand.PostingLine;
import io.laas.ledger.transaction.repository.IdempotencyRepository.UsedKey;
import io.laas.ledger.transaction.service.BatchJudge.Decision;
import io.laas.ledger.transaction.service.BatchJudge.Verdict;
import io.laas.web.problem.ProblemException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class BatchJudgeTest {

    private static final UUID LEDGER = UUID.randomUUID();
    private static final List<String> CODES = List.of("a", "b", "c", "d");
    private static final Map<String, AccountBalance> ACCOUNTS = new LinkedHashMap<>();

    static {
        for (String code : CODES) {
            Account account = new Account(UUID.randomUUID(), LEDGER, code, code, AccountType.ASSET, Direction.DEBIT, "USD",
                    null, null, AccountStatus.OPEN, BalanceLimits.NONE, null, OffsetDateTime.now());
            ACCOUNTS.put(code, new AccountBalance(account, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                    BigDecimal.ZERO, 0));
        }
    }

    private static CheckedTransaction tx(String key, String hash, String debit, String credit, String amount) {
        BigDecimal value = new BigDecimal(amount);
        List<PostingLine> lines = List.of(new PostingLine(debit, Direction.DEBIT, value, "USD"),
                new PostingLine(credit, Direction.CREDIT, value, "USD"));
        TransactionCommand command = new TransactionCommand(LEDGER, key, null, "USD", null, false, null, lines, null,
                hash);
        return new CheckedTransaction(command, "USD", lines);
    }

    private static Verdict judge(long last, Map<String, UsedKey> used, List<CheckedTransaction> batch) {
        return BatchJudge.judge(LEDGER, last, null, ACCOUNTS, used, Map.of(), batch, UUID::randomUUID);
    }

    @Test
    void acceptedTransactionsTakeConsecutiveSequencesAfterTheLedgersLast() {
        Verdict verdict = judge(7, Map.of(), List.of(tx("k1", "h1", "a", "b", "1.00"), tx("k2", "h2", "b", "c", "2.00")));

        assertEquals(List.of(8L, 9L), verdict.accepted().stream().map(AcceptedTransaction::sequence).toList());
        assertEquals(9L, verdict.lastSequence());
        assertEquals(2, verdict.newKeys().size());
        assertFalse(verdict.decisions().get(0).outcome().replayed());
    }

    @Test
    void aRejectedTransactionTakesNoSequenceAndDoesNotStopTheOthers() {
        Verdict verdict = judge(2, Map.of(), List.of(tx("k1", "h1", "a", "nope", "1.00"), tx("k2", "h2", "a", "b", "1.00")));

        ProblemException rejected = assertInstanceOf(ProblemException.class, verdict.decisions().get(0).failure());
        assertEquals("ACCOUNT_NOT_FOUND", rejected.code());
        assertEquals(3L, verdict.decisions().get(1).outcome().receipt().ledgerSequence());
        assertEquals(1, verdict.accepted().size());
        assertEquals(1, verdict.newKeys().size());
        assertEquals(3L, verdict.lastSequence());
    }

    @Test
    void oneKeyTwiceInABatchIsOneTransactionAndAReplay() {
        Verdict verdict = judge(0, Map.of(), List.of(tx("same", "h", "a", "b", "5.00"), tx("same", "h", "a", "b", "5.00")));

        Decision first = verdict.decisions().get(0);
        Decision second = verdict.decisions().get(1);
        assertFalse(first.outcome().replayed());
        assertTrue(second.outcome().replayed());
        assertEquals(first.outcome().receipt(), second.outcome().receipt());
        assertEquals(1, verdict.accepted().size());
    }

    @Test
    void oneKeyWithAnotherBodyInTheSameBatchIs409() {
        Verdict verdict = judge(0, Map.of(), List.of(tx("same", "h1", "a", "b", "5.00"), tx("same", "h2", "a", "b", "6.00")));

        ProblemException conflict = assertInstanceOf(ProblemException.class, verdict.decisions().get(1).failure());
        assertEquals("IDEMPOTENCY_KEY_REUSED", conflict.code());
        assertEquals(1, verdict.accepted().size());
    }

    @Test
    void aKeyUsedBeforeTheBatchIsReplayedWithItsReceipt() {
        PostingReceipt earlier = new PostingReceipt(UUID.randomUUID(), 4);
        Verdict verdict = judge(9, Map.of("old", new UsedKey("h", earlier)), List.of(tx("old", "h", "a", "b", "1.00")));

        assertEquals(earlier, verdict.decisions().get(0).outcome().receipt());
        assertTrue(verdict.decisions().get(0).outcome().replayed());
        assertTrue(verdict.accepted().isEmpty());
        assertTrue(verdict.movements().isEmpty());
        assertEquals(9L, verdict.lastSequence());
    }

    @Test
    void anArchivedLedgerRefusesNewItemsButStillAnswersTheReplaysOfEarlierOnes() {
        PostingReceipt earlier = new PostingReceipt(UUID.randomUUID(), 4);
        ProblemException closed = ProblemException.conflict("LEDGER_ARCHIVED", "archived");
        Verdict verdict = BatchJudge.judge(LEDGER, 9, closed, ACCOUNTS, Map.of("old", new UsedKey("h", earlier)),
                Map.of(), List.of(tx("old", "h", "a", "b", "1.00"), tx("new", "h2", "a", "b", "1.00"),
                        tx("old", "other", "a", "b", "2.00")),
                UUID::randomUUID);

        assertEquals(earlier, verdict.decisions().get(0).outcome().receipt());
        assertTrue(verdict.decisions().get(0).outcome().replayed());
        assertEquals("LEDGER_ARCHIVED",
                assertInstanceOf(ProblemException.class, verdict.decisions().get(1).failure()).code());
        assertEquals("IDEMPOTENCY_KEY_REUSED",
                assertInstanceOf(ProblemException.class, verdict.decisions().get(2).failure()).code());
        assertTrue(verdict.accepted().isEmpty());
        assertTrue(verdict.movements().isEmpty());
        assertTrue(verdict.newKeys().isEmpty());
        assertEquals(9L, verdict.lastSequence());
    }

    /** Random batches over few accounts, with repeated keys and unknown accounts: the invariants of a ledger. */
    @Property(tries = 300)
    void everyBatchKeepsTheLedgersInvariants(@ForAll("batches") List<CheckedTransaction> batch) {
        Verdict verdict = judge(100, Map.of(), batch);

        assertEquals(batch.size(), verdict.decisions().size());
        long expected = 100;
        Map<String, String> firstHashByKey = new HashMap<>();
        Map<UUID, BigDecimal> net = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            CheckedTransaction tx = batch.get(i);
            Decision decision = verdict.decisions().get(i);
            String key = tx.command().idempotencyKey();
            String firstHash = firstHashByKey.get(key);
            boolean unknownAccount = !ACCOUNTS.keySet().containsAll(tx.command().accountCodes());
            if (firstHash != null) {
                if (firstHash.equals(tx.command().requestHash())) {
                    assertTrue(decision.outcome().replayed());
                } else {
                    assertEquals("IDEMPOTENCY_KEY_REUSED", ((ProblemException) decision.failure()).code());
                }
            } else if (unknownAccount) {
                assertNull(decision.outcome());
                assertEquals("ACCOUNT_NOT_FOUND", ((ProblemException) decision.failure()).code());
            } else {
                firstHashByKey.put(key, tx.command().requestHash());
                assertEquals(++expected, decision.outcome().receipt().ledgerSequence());
                for (PostingLine line : tx.postings()) {
                    BigDecimal signed = line.direction() == Direction.DEBIT ? line.amount() : line.amount().negate();
                    net.merge(ACCOUNTS.get(line.accountCode()).account().id(), signed, BigDecimal::add);
                }
            }
        }
        assertEquals(expected, verdict.lastSequence());
        assertEquals(expected - 100, verdict.accepted().size());
        Set<UUID> seen = new HashSet<>();
        BigDecimal debits = BigDecimal.ZERO;
        BigDecimal credits = BigDecimal.ZERO;
        List<UUID> order = new ArrayList<>();
        for (Movement movement : verdict.movements()) {
            assertTrue(seen.add(movement.accountId()), "one movement per account");
            order.add(movement.accountId());
            debits = debits.add(movement.debits());
            credits = credits.add(movement.credits());
            assertEquals(0, net.getOrDefault(movement.accountId(), BigDecimal.ZERO)
                    .compareTo(movement.debits().subtract(movement.credits())));
        }
        assertEquals(0, debits.compareTo(credits), "debits equal credits");
        assertEquals(order.stream().sorted().toList(), order, "movements in lock (id) order");
    }

    @Provide
    Arbitrary<List<CheckedTransaction>> batches() {
        Arbitrary<String> codes = Arbitraries.of("a", "b", "c", "d", "missing");
        Arbitrary<String> keys = Arbitraries.of("k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8");
        Arbitrary<String> hashes = Arbitraries.of("h1", "h2");
        Arbitrary<String> amounts = Arbitraries.bigDecimals().between(new BigDecimal("0.01"), new BigDecimal("1000.00"))
                .ofScale(2).map(BigDecimal::toPlainString);
        return Combinators.combine(keys, hashes, codes, codes, amounts)
                .as((key, hash, debit, credit, amount) -> tx(key, hash, debit, credit, amount))
                .list().ofMinSize(1).ofMaxSize(40);
    }
}
