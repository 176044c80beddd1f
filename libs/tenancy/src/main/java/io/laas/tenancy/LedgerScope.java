package io.laas.tenancy;

import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Row-level security for work done on a tenant's behalf. Every tenant table carries a policy that admits only
 * the rows of the ledger named by the transaction-local setting {@value #SETTING} (read through each schema's
 * {@code current_ledger()} function; unset means no rows at all), with {@code FORCE ROW LEVEL SECURITY} so
 * that the tables' owner, the role the services connect as, is bound too. A query that forgets its ledger
 * filter therefore returns nothing of another ledger, and a write for another ledger is refused.
 * <p>
 * Work that spans ledgers by design (relay, projection and delivery batches, hold expiry, schedules) uses the
 * reactive datasource named {@value #BATCH_DATASOURCE}, which connects as a separate role with
 * {@code BYPASSRLS}; no request handler uses it.
 */
public final class LedgerScope {

    /** The transaction-local setting the policies read. */
    public static final String SETTING = "laas.ledger_id";

    /** The name of the reactive datasource of cross-ledger work (its role has {@code BYPASSRLS}). */
    public static final String BATCH_DATASOURCE = "batch";

    private static final String ENTER = "SELECT set_config('" + SETTING + "', $1, true)";
    private static final String BEGIN = "BEGIN";
    private static final String COMMIT = "COMMIT";
    private static final String ROLLBACK = "ROLLBACK";

    private LedgerScope() {
    }

    /**
     * Sets the ledger of the connection's current transaction (it ends with the transaction). Subscribe to it
     * before the transaction's other statements: the connection sends them in order, pipelined behind it, so it
     * costs no round trip of its own.
     */
    public static Uni<Void> enter(SqlConnection conn, UUID ledgerId) {
        Objects.requireNonNull(ledgerId, "ledgerId");
        return conn.preparedQuery(ENTER).execute(Tuple.of(ledgerId.toString())).replaceWithVoid();
    }

    /**
     * Runs one statement in a transaction of {@code pool} with the ledger set for it: {@code BEGIN}, the setting,
     * the statement and {@code COMMIT} go to the database in one flight, so that it costs one round trip, as the
     * statement alone would. Should the statement fail, the database has aborted the transaction and the
     * {@code COMMIT} ends it; the connection goes back to the pool only once every command has been answered.
     */
    public static Uni<RowSet<Row>> query(Pool pool, UUID ledgerId, String sql, Tuple params) {
        Objects.requireNonNull(ledgerId, "ledgerId");
        return pool.withConnection(conn -> Uni.combine().all()
                .unis(conn.query(BEGIN).execute(), enter(conn, ledgerId), conn.preparedQuery(sql).execute(params),
                        conn.query(COMMIT).execute())
                .collectFailures()
                .with((begun, entered, rows, committed) -> rows));
    }

    /**
     * Runs {@code work} in one transaction of {@code pool} with the ledger set for it, committed when it succeeds
     * and rolled back when it fails.
     * <p>
     * {@code Pool.withTransaction} waits for {@code BEGIN}'s answer before it lets the work send anything: a round
     * trip of its own. Here {@code BEGIN}, the setting and the work's first statements go out in one flight (the
     * connection runs them in order), then {@code COMMIT}: a single-statement read costs two round trips instead of
     * three. Should {@code BEGIN} fail, the setting lasts only for its own statement and the work sees no rows.
     */
    public static <T> Uni<T> withLedger(Pool pool, UUID ledgerId, Function<SqlConnection, Uni<T>> work) {
        Objects.requireNonNull(ledgerId, "ledgerId");
        return pool.withConnection(conn -> Uni.combine().all()
                .unis(conn.query(BEGIN).execute(), enter(conn, ledgerId),
                        Uni.createFrom().deferred(() -> work.apply(conn)))
                .with((begun, entered, result) -> result)
                .onFailure().call(failure -> conn.query(ROLLBACK).execute().onFailure().recoverWithNull())
                .call(result -> conn.query(COMMIT).execute()));
    }
}
