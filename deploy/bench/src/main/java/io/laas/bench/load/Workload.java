package io.laas.bench.load;

import java.util.List;
import java.util.UUID;

/**
 * What the load posts: transactions of one shape, each on a ledger drawn uniformly from {@code ledgers}.
 *
 * @param name as reported: {@code uniform}, {@code hot}, {@code four-postings}, {@code ten-ledgers}
 */
public record Workload(String name, TransactionShape shape, List<UUID> ledgers) {

    public Workload {
        if (ledgers.isEmpty()) {
            throw new IllegalArgumentException("a workload needs at least one ledger");
        }
        ledgers = List.copyOf(ledgers);
    }

    public static Workload uniform(UUID ledger) {
        return new Workload("uniform", TransactionShape.UNIFORM, List.of(ledger));
    }

    public static Workload hot(UUID ledger) {
        return new Workload("hot", TransactionShape.HOT, List.of(ledger));
    }

    public static Workload fourPostings(UUID ledger) {
        return new Workload("four-postings", TransactionShape.FOUR_POSTINGS, List.of(ledger));
    }

    public static Workload tenLedgers(List<UUID> ledgers) {
        return new Workload("ten-ledgers", TransactionShape.UNIFORM, ledgers);
    }
}
