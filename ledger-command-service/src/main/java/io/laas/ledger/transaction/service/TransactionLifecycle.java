package io.laas.ledger.transaction.service;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.ledger.transaction.CheckedTransaction;
import io.laas.ledger.transaction.Direction;
import io.laas.ledger.transaction.PendingResolution;
import io.laas.ledger.transaction.PostingOutcome;
import io.laas.ledger.transaction.RecordedPosting;
import io.laas.ledger.transaction.TransactionCommand;
import io.laas.ledger.transaction.TransactionCommand.PostingLine;
import io.laas.ledger.transaction.TransactionState;
import io.laas.ledger.transaction.repository.IdempotencyRepository;
import io.laas.ledger.transaction.repository.TransactionRepository;
import io.laas.ledger.transaction.repository.TransactionRepository.RecordedTransaction;
import io.laas.ledger.event.LedgerEvent;
import io.laas.tenancy.LedgerScope;
import io.laas.web.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * What happens to a transaction after it is recorded: a pending one is committed (in full or in part)
 * or voided, a posted one is reversed (in full or in part). The transaction's postings are read first,
 * without locks (the event that recorded them never changes), to check what needs no lock and to know
 * which accounts to lock; its state is then judged again in the ledger's group commit, under the locks.
 */
@ApplicationScoped
public class TransactionLifecycle {

    private final Pool pool;
    private final TransactionRepository transactions;
    private final GroupCommitter committer;

    private final IdempotencyRepository idempotency;

    public TransactionLifecycle(Pool pool, TransactionRepository transactions, GroupCommitter committer,
            IdempotencyRepository idempotency) {
        this.pool = pool;
        this.transactions = transactions;
        this.committer = committer;
        this.idempotency = idempotency;
    }

    /**
     * A retry is answered as the first request was before anything is checked again: what the first one
     * did (a full reversal, say) may be exactly what would refuse it now. The group commit checks the key
     * again under the ledger's lock, for requests that race.
     */
    private Uni<PostingOutcome> replayOr(UUID ledgerId, String key, String requestHash, Supplier<Uni<PostingOutcome>> request) {
        if (key == null) {
            return request.get();
        }
        return LedgerScope.withLedger(pool, ledgerId,
                conn -> idempotency.findUsed(conn, ledgerId, new String[] { key }))
                .chain(used -> {
                    IdempotencyRepository.UsedKey earlier = used.get(key);
                    if (earlier == null) {
                        return request.get();
                    }
                    if (!earlier.requestHash().equals(requestHash)) {
                        throw BatchJudge.keyReused(key);
                    }
                    return Uni.createFrom().item(new PostingOutcome(earlier.receipt(), true));
                });
    }

    /** Posts {@code amounts} of each held posting ({@code null}: all of them) and releases the rest. */
    public Uni<PostingOutcome> commit(UUID ledgerId, UUID transactionId, String idempotencyKey, List<BigDecimal> amounts) {
        String hash = hash("commit", transactionId, amounts, null);
        return replayOr(ledgerId, idempotencyKey, hash, () -> pending(ledgerId, transactionId).chain(recorded -> {
            List<RecordedPosting> held = recorded.postings();
            List<BigDecimal> posted = amounts == null ? held.stream().map(RecordedPosting::amount).toList()
                    : commitAmounts(held, amounts);
            return committer.submit(new PendingResolution(ledgerId, idempotencyKey, hash, transactionId,
                    PendingResolution.Kind.COMMIT, held, posted));
        }));
    }

    /** Releases the whole hold, at a client's request ({@code expired} false) or because it expired. */
    public Uni<PostingOutcome> voidPending(UUID ledgerId, UUID transactionId, String idempotencyKey, boolean expired) {
        String hash = hash(expired ? "expire" : "void", transactionId, null, null);
        return replayOr(ledgerId, idempotencyKey, hash, () -> pending(ledgerId, transactionId).chain(recorded -> {
            List<BigDecimal> none = recorded.postings().stream()
                    .map(posting -> BigDecimal.ZERO.setScale(posting.amount().scale())).toList();
            return committer.submit(new PendingResolution(ledgerId, idempotencyKey, hash, transactionId,
                    expired ? PendingResolution.Kind.EXPIRE : PendingResolution.Kind.VOID, recorded.postings(), none));
        }));
    }

    /**
     * Posts the mirror of a posted transaction: each posting's direction swapped, for {@code amounts} of
     * each ({@code null}: all that is left; a zero leaves the posting out). The reversal must balance in
     * each currency.
     */
    public Uni<PostingOutcome> reverse(UUID ledgerId, UUID transactionId, String idempotencyKey, List<BigDecimal> amounts,
            JsonObject metadata) {
        JsonObject data = metadata == null ? new JsonObject() : metadata;
        String hash = hash("reverse", transactionId, amounts, data);
        return replayOr(ledgerId, idempotencyKey, hash, () -> recorded(ledgerId, transactionId).chain(recorded -> {
            TransactionState state = recorded.state();
            if (state.status() != TransactionState.Status.POSTED) {
                throw ProblemException.conflict("TRANSACTION_NOT_POSTED", "Transaction " + transactionId + " is "
                        + state.status().wire() + "; only posted transactions can be reversed.",
                        Map.of("transaction_status", state.status().wire()));
            }
            List<RecordedPosting> original = recorded.postings();
            List<BigDecimal> recordedAmounts = original.stream().map(RecordedPosting::amount).toList();
            List<BigDecimal> posted = state.postedAmounts() != null ? state.postedAmounts() : recordedAmounts;
            List<BigDecimal> taken = amounts != null ? checkScales(original, amounts) : remaining(posted, state);
            List<PostingLine> lines = new ArrayList<>();
            List<Integer> indexes = new ArrayList<>();
            for (int i = 0; i < original.size(); i++) {
                if (taken.get(i).signum() > 0) {
                    RecordedPosting posting = original.get(i);
                    lines.add(new PostingLine(posting.accountCode(), posting.direction().opposite(), taken.get(i),
                            posting.currency()));
                    indexes.add(i);
                }
            }
            if (lines.isEmpty()) {
                throw amounts == null
                        ? ProblemException.conflict("ALREADY_REVERSED",
                                "Transaction " + transactionId + " has already been reversed in full.")
                        : ProblemException.unprocessable("INVALID_AMOUNT", "A reversal must take back something.",
                                Map.of("errors", List.of(Map.of("field", "postings", "message",
                                        "at least one amount must be greater than zero"))));
            }
            checkBalanced(lines);
            TransactionCommand command = new TransactionCommand(ledgerId, idempotencyKey, null, recorded.currency(),
                    null, false, null, lines, data, hash);
            return committer.submit(new CheckedTransaction(command, recorded.currency(), lines,
                    new CheckedTransaction.Reversal(transactionId, indexes, recordedAmounts)));
        }));
    }

    private Uni<RecordedTransaction> recorded(UUID ledgerId, UUID transactionId) {
        return LedgerScope.withLedger(pool, ledgerId, conn -> transactions.find(conn, ledgerId, transactionId))
                .onItem().ifNull().failWith(() -> BatchJudge.transactionNotFound(transactionId));
    }

    private Uni<RecordedTransaction> pending(UUID ledgerId, UUID transactionId) {
        return recorded(ledgerId, transactionId).invoke(recorded -> {
            if (!LedgerEvent.TRANSACTION_PENDING.equals(recorded.eventType())) {
                throw ProblemException.conflict("TRANSACTION_NOT_PENDING", "Transaction " + transactionId
                        + " was not posted as pending; only a pending transaction can be committed or voided.",
                        Map.of("transaction_status", recorded.state().status().wire()));
            }
        });
    }

    private static List<BigDecimal> remaining(List<BigDecimal> posted, TransactionState state) {
        List<BigDecimal> left = new ArrayList<>(posted.size());
        for (int i = 0; i < posted.size(); i++) {
            left.add(state.reversedAmounts() == null ? posted.get(i) : posted.get(i).subtract(state.reversedAmounts().get(i)));
        }
        return left;
    }

    /** Each amount at its posting's scale, at most what was held; the postings still balance. */
    private static List<BigDecimal> commitAmounts(List<RecordedPosting> held, List<BigDecimal> amounts) {
        List<BigDecimal> scaled = checkScales(held, amounts);
        List<Map<String, Object>> excess = new ArrayList<>();
        List<PostingLine> lines = new ArrayList<>();
        for (int i = 0; i < held.size(); i++) {
            RecordedPosting posting = held.get(i);
            if (scaled.get(i).compareTo(posting.amount()) > 0) {
                excess.add(Map.of("posting", i, "requested", scaled.get(i).toPlainString(),
                        "pending", posting.amount().toPlainString()));
            }
            lines.add(new PostingLine(posting.accountCode(), posting.direction(), scaled.get(i), posting.currency()));
        }
        if (!excess.isEmpty()) {
            throw ProblemException.unprocessable("COMMIT_EXCEEDS_PENDING",
                    "A commit can post at most the amount each posting holds.", Map.of("errors", excess));
        }
        checkBalanced(lines);
        return scaled;
    }

    /** The amounts at their postings' scales; one per posting, none negative. */
    private static List<BigDecimal> checkScales(List<RecordedPosting> postings, List<BigDecimal> amounts) {
        if (amounts.size() != postings.size()) {
            throw ProblemException.unprocessable("POSTING_COUNT_MISMATCH", "Give one amount per posting of the"
                    + " transaction: it has " + postings.size() + ", the request " + amounts.size() + ".",
                    Map.of("postings", postings.size(), "requested", amounts.size()));
        }
        List<Map<String, String>> invalid = new ArrayList<>();
        List<BigDecimal> scaled = new ArrayList<>(amounts.size());
        for (int i = 0; i < amounts.size(); i++) {
            int scale = postings.get(i).amount().scale();
            BigDecimal amount = amounts.get(i);
            if (amount.signum() < 0) {
                invalid.add(Map.of("field", "postings[" + i + "].amount", "message", "must not be negative"));
            } else if (amount.stripTrailingZeros().scale() > scale) {
                invalid.add(Map.of("field", "postings[" + i + "].amount", "message",
                        "has more than " + scale + " decimal places for " + postings.get(i).currency()));
            } else {
                scaled.add(amount.setScale(scale));
                continue;
            }
            scaled.add(null);
        }
        if (!invalid.isEmpty()) {
            throw ProblemException.unprocessable("INVALID_AMOUNT",
                    "Amounts must not be negative, with no more decimal places than their currency has.",
                    Map.of("errors", invalid));
        }
        return scaled;
    }

    private static void checkBalanced(List<PostingLine> lines) {
        Map<String, BigDecimal[]> totals = new TreeMap<>();
        Map<String, Integer> scales = new TreeMap<>();
        for (PostingLine line : lines) {
            BigDecimal[] sums = totals.computeIfAbsent(line.currency(), c -> new BigDecimal[] { BigDecimal.ZERO, BigDecimal.ZERO });
            int side = line.direction() == Direction.DEBIT ? 0 : 1;
            sums[side] = sums[side].add(line.amount());
            scales.put(line.currency(), line.amount().scale());
        }
        TransactionRules.checkBalanced(totals, scales::get);
    }

    /** SHA-256 over what the request asks, compared when its idempotency key comes again. */
    private static String hash(String action, UUID transactionId, List<BigDecimal> amounts, JsonObject metadata) {
        JsonArray canonical = new JsonArray().add(action).add(transactionId.toString());
        JsonArray values = new JsonArray();
        if (amounts != null) {
            amounts.forEach(amount -> values.add(amount.stripTrailingZeros().toPlainString()));
        }
        canonical.add(amounts == null ? null : values).add(metadata == null ? null : new JsonObject(new TreeMap<>(metadata.getMap())));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.encode().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
