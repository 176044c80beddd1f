package io.laas.projector.common;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Plans the rest of a transaction's statements for their own values. A read that filters on an account and a
 * time range has two ways in (the account's postings, or the range) whose costs differ by orders of magnitude
 * with the values; under row-level security a generic plan cannot know the ledger's share of a table either,
 * and after five executions of a statement PostgreSQL settled on one that reads every posting of the account
 * (475 ms instead of 1.5 to 3.8 ms for an account's transactions in a week). Reads with one way in keep their
 * cached plans: planning them every time costs more than it saves.
 */
public final class CustomPlans {

    private static final String FOR_THIS_TRANSACTION = "SET LOCAL plan_cache_mode = force_custom_plan";

    private CustomPlans() {
    }

    /** Subscribe to it before the transaction's statements: they are sent behind it, with no wait. */
    public static Uni<Void> forThisTransaction(SqlConnection conn) {
        return conn.query(FOR_THIS_TRANSACTION).execute().replaceWithVoid();
    }
}
