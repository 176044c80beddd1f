package io.laas.tenancy;

import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
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
     * Runs {@code work} in one transaction of {@code pool} with the ledger set for it: committed when the work
     * succeeds, rolled back when it fails. {@code BEGIN} goes out together with the setting and the work's first
     * statements ({@link Pool#withTransaction} waits for its answer first), so a transaction of one statement
     * costs two round trips (that statement, then {@code COMMIT}) instead of three.
     */
    public static <T> Uni<T> withLedger(Pool pool, UUID ledgerId, Function<SqlConnection, Uni<T>> work) {
        Objects.requireNonNull(ledgerId, "ledgerId");
        return pool.withConnection(conn -> Uni.combine().all()
                .unis(conn.begin(), enter(conn, ledgerId), Uni.createFrom().deferred(() -> work.apply(conn)))
                .with((begun, entered, result) -> result)
                .call(() -> conn.transaction().commit())
                .onFailure().call(() -> rollback(conn)));
    }

    private static Uni<Void> rollback(SqlConnection conn) {
        Transaction open = conn.transaction();
        // the original failure is what the caller needs; a failed rollback ends with the connection anyway
        return open == null ? Uni.createFrom().voidItem() : open.rollback().onFailure().recoverWithNull();
    }
}
