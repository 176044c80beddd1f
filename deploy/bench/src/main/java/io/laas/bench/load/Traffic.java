package io.laas.bench.load;

import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * What a window sends and how its answers count: single posts ({@link PostTraffic}), bulk posts
 * ({@link BulkTraffic}) or reads ({@link ReadTraffic}). Each request goes to one ledger of
 * {@link #ledgers()}, drawn uniformly, under {@code /v1/ledgers/{ledger_id}}. Called on the driver's
 * event loop only.
 */
public interface Traffic {

    /** As in messages: the workload's name. */
    String name();

    List<UUID> ledgers();

    /** Whether accepted answers are new transactions, tallied per ledger for the consistency checks. */
    boolean writes();

    HttpMethod method();

    /** Transactions one request carries: 1, or the bulk's size. */
    int itemsPerRequest();

    /** What follows {@code /v1/ledgers/{ledger_id}} for request {@code n} (query included). */
    String pathSuffix(long n, SplittableRandom random);

    /** The body of request {@code n}, or null for none. */
    Buffer body(long n, SplittableRandom random);

    /** How an answer counts. */
    Outcome outcome(int status, Buffer answer);
}
