package io.laas.bench.load;

import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * Reads of the projection, answered 200: one account by its code ({@code GET …/accounts/acct-NNNN},
 * the code drawn uniformly from the benchmark's accounts), or the newest page of transactions
 * ({@code GET …/transactions?limit=N}).
 */
public final class ReadTraffic implements Traffic {

    private static final int OK = 200;

    /** What is read. */
    public enum Kind {
        ACCOUNT("read-account"), TRANSACTIONS("read-transactions");

        private final String workload;

        Kind(String workload) {
            this.workload = workload;
        }

        /** The measurement's workload name. */
        public String workload() {
            return workload;
        }
    }

    private final Kind kind;
    private final List<UUID> ledgers;
    private final int limit;
    private final String[] accountSuffixes = new String[TransactionBodies.ACCOUNTS];

    /** @param limit the page size of a transactions read (ignored for accounts) */
    public ReadTraffic(Kind kind, UUID ledger, int limit) {
        this.kind = kind;
        this.ledgers = List.of(ledger);
        this.limit = limit;
        for (int i = 0; i < accountSuffixes.length; i++) {
            accountSuffixes[i] = "/accounts/" + TransactionBodies.accountCode(i);
        }
    }

    public static ReadTraffic account(UUID ledger) {
        return new ReadTraffic(Kind.ACCOUNT, ledger, 0);
    }

    public static ReadTraffic transactions(UUID ledger, int limit) {
        return new ReadTraffic(Kind.TRANSACTIONS, ledger, limit);
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public String name() {
        return kind.workload();
    }

    @Override
    public List<UUID> ledgers() {
        return ledgers;
    }

    @Override
    public boolean writes() {
        return false;
    }

    @Override
    public HttpMethod method() {
        return HttpMethod.GET;
    }

    @Override
    public int itemsPerRequest() {
        return 1;
    }

    @Override
    public String pathSuffix(long n, SplittableRandom random) {
        return switch (kind) {
            case ACCOUNT -> accountSuffixes[random.nextInt(accountSuffixes.length)];
            case TRANSACTIONS -> "/transactions?limit=" + limit;
        };
    }

    @Override
    public Buffer body(long n, SplittableRandom random) {
        return null;
    }

    @Override
    public Outcome outcome(int status, Buffer answer) {
        return status == OK ? Outcome.ONE_ACCEPTED : Outcome.refused(status, 1);
    }
}
