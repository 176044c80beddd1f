package io.laas.bench.readscale;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What the read-scale ledger holds, a pure function of its size, so that seeding it again (after a run
 * that stopped half-way) replays the same transactions under the same idempotency keys:
 * <ul>
 * <li>accounts, parents first: a group per type ({@code grp-asset}, …), {@value #SUBGROUPS_PER_TYPE}
 * subgroups under each ({@code grp-asset-1}, …), then the posting accounts — the statement account
 * {@value #STATEMENT_ACCOUNT} and {@code rs-00001} … — of the five types, every other one under a subgroup
 * of its type, so that reports have balances to roll up;</li>
 * <li>transaction {@code n} (key {@code rs-<n>}): two postings of one amount; every
 * {@value #STATEMENT_EVERY}th names the statement account against another account, the others two distinct
 * accounts drawn at random; its {@code occurred_at} advances with {@code n} across
 * {@link #EFFECTIVE_FROM} … {@link #EFFECTIVE_TO}, and one in {@value #BACKDATED_EVERY} is back-dated by up
 * to {@link #BACKDATE_MAX} more, so effective order is not recording order.</li>
 * </ul>
 */
public final class ReadScalePlan {

    /** The year the transactions are effective in (fixed, so that a replay is the same transaction). */
    public static final Instant EFFECTIVE_FROM = Instant.parse("2025-01-01T00:00:00Z");
    public static final Instant EFFECTIVE_TO = Instant.parse("2026-01-01T00:00:00Z");
    public static final String STATEMENT_ACCOUNT = "rs-statement";
    public static final int STATEMENT_EVERY = 10;
    public static final int BACKDATED_EVERY = 10;
    public static final Duration BACKDATE_MAX = Duration.ofDays(30);
    /** Transactions per bulk request: the API's most. */
    public static final int BULK_SIZE = 1000;
    public static final List<String> TYPES = List.of("asset", "liability", "equity", "revenue", "expense");
    public static final int SUBGROUPS_PER_TYPE = 4;
    /** The types of the posting accounts by index modulo 10: 40% assets, 20% liabilities, 10% equity, … */
    private static final String[] TYPE_MIX = { "asset", "asset", "asset", "asset", "liability", "liability", "equity",
            "revenue", "revenue", "expense" };
    private static final long SEED = 0x5EEDL;

    /** An account to open: its parent, if any, is opened before it. */
    public record Account(String code, String name, String type, String parentCode) {
    }

    private final long transactions;
    private final int postingAccounts;
    private final String[] codes;

    /**
     * @param transactions how many transactions the ledger gets
     * @param postingAccounts accounts the transactions post to, the statement account included (at least 3)
     */
    public ReadScalePlan(long transactions, int postingAccounts) {
        if (transactions < 0 || postingAccounts < 3) {
            throw new IllegalArgumentException("a read-scale ledger needs at least 3 accounts and no negative size");
        }
        this.transactions = transactions;
        this.postingAccounts = postingAccounts;
        this.codes = new String[postingAccounts];
        for (int i = 0; i < postingAccounts; i++) {
            codes[i] = i == 0 ? STATEMENT_ACCOUNT : "rs-%05d".formatted(i);
        }
    }

    public long transactions() {
        return transactions;
    }

    public int postingAccounts() {
        return postingAccounts;
    }

    /** Every account of the ledger: the posting accounts and the groups above them. */
    public int allAccounts() {
        return postingAccounts + TYPES.size() * (1 + SUBGROUPS_PER_TYPE);
    }

    /** The code of posting account {@code i}: 0 is the statement account. */
    public String accountCode(int i) {
        return codes[i];
    }

    /** Postings to the statement account: one for every {@value #STATEMENT_EVERY}th transaction. */
    public long statementPostings() {
        return (transactions + STATEMENT_EVERY - 1) / STATEMENT_EVERY;
    }

    /** Bulk requests of {@value #BULK_SIZE} (the last one maybe fewer). */
    public long bulks() {
        return (transactions + BULK_SIZE - 1) / BULK_SIZE;
    }

    /** The transactions of bulk {@code k}: {@code [first, end)}. */
    public long bulkFirst(long k) {
        return k * BULK_SIZE;
    }

    public long bulkEnd(long k) {
        return Math.min(transactions, (k + 1) * BULK_SIZE);
    }

    /** Parents before their children. */
    public List<Account> accounts() {
        List<Account> accounts = new ArrayList<>(allAccounts());
        for (String type : TYPES) {
            accounts.add(new Account(group(type), "All " + type + " accounts", type, null));
            for (int g = 1; g <= SUBGROUPS_PER_TYPE; g++) {
                accounts.add(new Account(group(type) + "-" + g, type + " group " + g, type, group(type)));
            }
        }
        for (int i = 0; i < postingAccounts; i++) {
            String type = type(i);
            // every other account under a subgroup; the statement account under the first asset subgroup
            String parent = i == 0 ? group(type) + "-1"
                    : i % 2 == 1 ? group(type) + "-" + (1 + (i / 2) % SUBGROUPS_PER_TYPE) : null;
            accounts.add(new Account(codes[i], i == 0 ? "Statement account" : "Account " + i, type, parent));
        }
        return accounts;
    }

    static String group(String type) {
        return "grp-" + type;
    }

    /** The type of posting account {@code i}. */
    public String type(int i) {
        return i == 0 ? "asset" : TYPE_MIX[i % TYPE_MIX.length];
    }

    public static String idempotencyKey(long n) {
        return "rs-" + n;
    }

    /** Whether transaction {@code n} posts to the statement account. */
    public static boolean toStatementAccount(long n) {
        return n % STATEMENT_EVERY == 0;
    }

    /** The effective time of transaction {@code n}, at millisecond precision, within the effective year. */
    public Instant occurredAt(long n) {
        long span = Duration.between(EFFECTIVE_FROM, EFFECTIVE_TO).toMillis();
        long at = transactions == 0 ? 0 : (long) (span * ((n + 0.5) / transactions));
        SplittableRandom random = random(n);
        if (random.nextInt(BACKDATED_EVERY) == 0) {
            at -= random.nextLong(BACKDATE_MAX.toMillis());
        }
        return EFFECTIVE_FROM.plusMillis(Math.max(0, Math.min(span - 1, at)));
    }

    /** The body of transaction {@code n} as an item of a bulk (or a single post). */
    public String transaction(long n) {
        SplittableRandom random = random(n);
        random.nextInt(BACKDATED_EVERY); // the draws of occurredAt, so that the accounts do not follow them
        random.nextLong(BACKDATE_MAX.toMillis());
        int debit;
        int credit;
        if (toStatementAccount(n)) {
            int other = 1 + random.nextInt(postingAccounts - 1);
            boolean statementDebited = random.nextBoolean();
            debit = statementDebited ? 0 : other;
            credit = statementDebited ? other : 0;
        } else {
            debit = 1 + random.nextInt(postingAccounts - 1);
            credit = 1 + (debit - 1 + 1 + random.nextInt(postingAccounts - 2)) % (postingAccounts - 1);
        }
        int cents = 1 + random.nextInt(99_999);
        String amount = (cents / 100) + "." + "%02d".formatted(cents % 100);
        return "{\"idempotency_key\":\"" + idempotencyKey(n) + "\",\"occurred_at\":\"" + occurredAt(n)
                + "\",\"currency\":\"USD\",\"postings\":[{\"account_code\":\"" + codes[debit]
                + "\",\"direction\":\"debit\",\"amount\":\"" + amount + "\"},{\"account_code\":\"" + codes[credit]
                + "\",\"direction\":\"credit\",\"amount\":\"" + amount + "\"}]}";
    }

    /** A bulk request ({@code "atomic": false}) of these transactions. */
    public String bulk(List<Long> ns) {
        StringBuilder body = new StringBuilder(ns.size() * 260 + 48).append("{\"atomic\":false,\"transactions\":[");
        for (int i = 0; i < ns.size(); i++) {
            body.append(i > 0 ? "," : "").append(transaction(ns.get(i)));
        }
        return body.append("]}").toString();
    }

    private static SplittableRandom random(long n) {
        return new SplittableRandom(SEED * 0x9E3779B97F4A7C15L + n);
    }
}
