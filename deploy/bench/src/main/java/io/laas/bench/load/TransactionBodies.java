package io.laas.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import io.vertx.core.buffer.Buffer;

/**
 * Request bodies of {@code POST /v1/ledgers/{id}/transactions}, assembled from posting fragments
 * rendered once per account, so that a request costs the generator a few appends. Every body carries
 * a key unique to the run ({@code <prefix>-<n>}) and balances in USD.
 */
public final class TransactionBodies {

    /** The accounts of every benchmark ledger: {@code acct-0001} … {@code acct-1000}. */
    public static final int ACCOUNTS = 1000;

    private final TransactionShape shape;
    private final String keyPrefix;
    private final byte[][] debit100;
    private final byte[][] debit200;
    private final byte[][] credit100;
    private final byte[][] credit150;
    private final byte[] head;
    private final byte[] middle = "\",\"currency\":\"USD\",\"postings\":[".getBytes(StandardCharsets.US_ASCII);
    private final byte[] tail = "]}".getBytes(StandardCharsets.US_ASCII);

    public TransactionBodies(TransactionShape shape, String keyPrefix) {
        this.shape = shape;
        this.keyPrefix = keyPrefix;
        this.head = ("{\"idempotency_key\":\"" + keyPrefix + "-").getBytes(StandardCharsets.US_ASCII);
        debit100 = fragments("debit", "1.00");
        debit200 = fragments("debit", "2.00");
        credit100 = fragments("credit", "1.00");
        credit150 = fragments("credit", "1.50");
    }

    public static String accountCode(int index) {
        return "acct-%04d".formatted(index + 1);
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    /** The body of transaction number {@code n} of this run, accounts drawn from {@code random}. */
    public Buffer body(long n, SplittableRandom random) {
        Buffer body = Buffer.buffer(shape == TransactionShape.FOUR_POSTINGS ? 420 : 240);
        body.appendBytes(head).appendString(Long.toString(n)).appendBytes(middle);
        int first = shape == TransactionShape.HOT ? 0 : random.nextInt(ACCOUNTS);
        switch (shape) {
            case UNIFORM, HOT -> {
                int second = (first + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                body.appendBytes(debit100[first]).appendByte((byte) ',').appendBytes(credit100[second]);
            }
            case FOUR_POSTINGS -> {
                // three offsets from disjoint thirds of 1..999 give four distinct accounts
                int third = (ACCOUNTS - 1) / 3;
                int b = (first + 1 + random.nextInt(third)) % ACCOUNTS;
                int c = (first + 1 + third + random.nextInt(third)) % ACCOUNTS;
                int d = (first + 1 + 2 * third + random.nextInt(ACCOUNTS - 1 - 2 * third)) % ACCOUNTS;
                body.appendBytes(debit100[first]).appendByte((byte) ',').appendBytes(debit200[b]).appendByte((byte) ',')
                        .appendBytes(credit150[c]).appendByte((byte) ',').appendBytes(credit150[d]);
            }
        }
        return body.appendBytes(tail);
    }

    private static byte[][] fragments(String direction, String amount) {
        byte[][] fragments = new byte[ACCOUNTS][];
        for (int i = 0; i < ACCOUNTS; i++) {
            fragments[i] = ("{\"account_code\":\"" + accountCode(i) + "\",\"direction\":\"" + direction + "\",\"amount\":\""
                    + amount + "\"}").getBytes(StandardCharsets.US_ASCII);
        }
        return fragments;
    }
}
