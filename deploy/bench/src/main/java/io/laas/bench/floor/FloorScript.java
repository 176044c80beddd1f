package io.laas.bench.floor;

import java.util.List;

/**
 * A pgbench script of {@code deploy/bench/floor}: the SQL work of posted transactions without the services.
 *
 * @param perCommit ledger transactions per script run (one database commit)
 * @param batch a batch script: run with few clients and retries, as in the floor's README
 */
public record FloorScript(String id, String file, String label, int perCommit, boolean batch) {

    public static final FloorScript UNIFORM = new FloorScript("seq", "seq.sql",
            "one commit per transaction: 2 of 1,000 accounts locked in order and updated, sequence row, event, outbox", 1,
            false);
    public static final FloorScript HOT = new FloorScript("hot", "hot.sql", "the same, account 1 in every transaction", 1,
            false);
    public static final FloorScript FOUR_POSTINGS = new FloorScript("seq4", "seq4.sql",
            "the same with four postings: 4 accounts locked and updated", 1, false);
    public static final FloorScript TEN_LEDGERS = new FloorScript("ledgers10", "ledgers10.sql",
            "the same on ten ledgers, each with its own sequence row and 1,000 accounts", 1, false);
    public static final FloorScript BATCH = new FloorScript("batch50", "batch50.sql",
            "50 transactions per commit (what group commit does), sequence row included", 50, true);
    public static final FloorScript HOT_BATCH = new FloorScript("hotbatch50", "hotbatch50.sql",
            "50 per commit, account 1 in every transaction", 50, true);

    public static final List<FloorScript> ALL = List.of(UNIFORM, HOT, FOUR_POSTINGS, TEN_LEDGERS, BATCH, HOT_BATCH);
}
