package io.laas.bench.readscale;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

import io.laas.bench.load.Outcome;
import io.laas.bench.load.Traffic;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * Reads of the read-scale ledger, answered 200, each at random times within what the ledger holds: the
 * statement account's statement, balance as of a time and balance history, the reports over every
 * account, and pages of the transaction list, filtered or not.
 */
public final class ReadScaleTraffic implements Traffic {

    private static final int OK = 200;
    /** Lines of a statement page. */
    public static final int STATEMENT_LIMIT = 100;
    static final Duration DAY = Duration.ofDays(1);
    static final Duration WEEK = Duration.ofDays(7);
    static final Duration HISTORY = Duration.ofDays(30);
    static final Duration INCOME_PERIOD = Duration.ofDays(90);

    /** What is read; the window's workload and how the report names it. */
    public enum Kind {
        STATEMENT_DAY("read-scale-statement-1d", "statement, random day, pages of " + STATEMENT_LIMIT),
        STATEMENT_WEEK("read-scale-statement-7d", "statement, random 7 days, pages of " + STATEMENT_LIMIT),
        AS_OF_EFFECTIVE("read-scale-as-of-effective", "balance as of a random time, effective"),
        AS_OF_RECORDED("read-scale-as-of-recorded", "balance as of a random time, recorded"),
        HISTORY_30D("read-scale-history-30d", "balance history, 30 days, daily"),
        TRIAL_BALANCE("read-scale-trial-balance", "trial balance as of a random time, both bases"),
        BALANCE_SHEET("read-scale-balance-sheet", "balance sheet as of a random time"),
        INCOME_STATEMENT("read-scale-income-statement", "income statement, random 90 days"),
        TRANSACTIONS("read-scale-transactions", "newest transactions"),
        TRANSACTIONS_OF_ACCOUNT("read-scale-transactions-account", "transactions of a random account"),
        TRANSACTIONS_OF_DAY("read-scale-transactions-day", "transactions of a random day (occurred)"),
        TRANSACTIONS_OF_STATEMENT_WEEK("read-scale-transactions-statement-7d",
                "transactions of the statement account in a random 7 days");

        private final String workload;
        private final String label;

        Kind(String workload, String label) {
            this.workload = workload;
            this.label = label;
        }

        public String workload() {
            return workload;
        }

        public String label() {
            return label;
        }

        public boolean report() {
            return this == TRIAL_BALANCE || this == BALANCE_SHEET || this == INCOME_STATEMENT;
        }
    }

    /** The times the ledger's transactions are at: effective ({@code occurred_at}) and recorded. */
    public record Times(Instant effectiveFrom, Instant effectiveTo, Instant recordedFrom, Instant recordedTo) {
    }

    private final Kind kind;
    private final UUID ledger;
    private final ReadScalePlan plan;
    private final Times times;
    private final int pageSize;
    private final String statementPath;

    /** @param pageSize the page of the transaction lists */
    public ReadScaleTraffic(Kind kind, UUID ledger, ReadScalePlan plan, Times times, int pageSize) {
        this.kind = kind;
        this.ledger = ledger;
        this.plan = plan;
        this.times = times;
        this.pageSize = pageSize;
        this.statementPath = "/accounts/" + ReadScalePlan.STATEMENT_ACCOUNT;
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
        return List.of(ledger);
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
            case STATEMENT_DAY -> period(statementPath + "/statement", DAY, random) + "&limit=" + STATEMENT_LIMIT;
            case STATEMENT_WEEK -> period(statementPath + "/statement", WEEK, random) + "&limit=" + STATEMENT_LIMIT;
            case AS_OF_EFFECTIVE -> statementPath + "?as_of=" + effective(random) + "&basis=effective";
            case AS_OF_RECORDED -> statementPath + "?as_of=" + recorded(random) + "&basis=recorded";
            case HISTORY_30D -> period(statementPath + "/balance-history", HISTORY, random) + "&interval=day";
            case TRIAL_BALANCE -> n % 2 == 0 ? "/reports/trial-balance?as_of=" + effective(random) + "&basis=effective"
                    : "/reports/trial-balance?as_of=" + recorded(random) + "&basis=recorded";
            case BALANCE_SHEET -> "/reports/balance-sheet?as_of=" + effective(random);
            case INCOME_STATEMENT -> period("/reports/income-statement", INCOME_PERIOD, random);
            case TRANSACTIONS -> "/transactions?limit=" + pageSize;
            case TRANSACTIONS_OF_ACCOUNT -> "/transactions?limit=" + pageSize + "&account="
                    + plan.accountCode(1 + random.nextInt(plan.postingAccounts() - 1));
            case TRANSACTIONS_OF_DAY -> occurred("/transactions?limit=" + pageSize, DAY, random);
            case TRANSACTIONS_OF_STATEMENT_WEEK -> occurred("/transactions?limit=" + pageSize + "&account="
                    + ReadScalePlan.STATEMENT_ACCOUNT, WEEK, random);
        };
    }

    /** {@code path?from=…&to=…}: a period of this length starting at a random effective time. */
    private String period(String path, Duration length, SplittableRandom random) {
        Instant from = start(length, random);
        return path + "?from=" + from + "&to=" + from.plus(length);
    }

    private String occurred(String path, Duration length, SplittableRandom random) {
        Instant from = start(length, random);
        return path + "&occurred_from=" + from + "&occurred_to=" + from.plus(length);
    }

    /** A whole second at which a period of this length starts and still ends within the effective times. */
    private Instant start(Duration length, SplittableRandom random) {
        long seconds = Math.max(1, Duration.between(times.effectiveFrom(), times.effectiveTo()).minus(length).toSeconds());
        return times.effectiveFrom().plusSeconds(random.nextLong(seconds));
    }

    private String effective(SplittableRandom random) {
        return between(times.effectiveFrom(), times.effectiveTo(), random);
    }

    private String recorded(SplittableRandom random) {
        return between(times.recordedFrom(), times.recordedTo(), random);
    }

    /** A random time in {@code [from, to]} at microsecond precision. */
    static String between(Instant from, Instant to, SplittableRandom random) {
        long micros = Math.max(1, Duration.between(from, to).toNanos() / 1_000 + 1);
        return from.plusNanos(random.nextLong(micros) * 1_000).toString();
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
