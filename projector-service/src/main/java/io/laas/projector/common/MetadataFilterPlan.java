package io.laas.projector.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Says at start whether the {@code metadata[key]=value} filters can use their GIN indexes. Under row-level
 * security PostgreSQL evaluates only leakproof operators inside an index scan, and jsonb containment is leakproof
 * only where the database's setup marked it so (a superuser's step, like creating the batch role: see
 * docs/security.md). Without it the filters still answer correctly, by walking the list's order.
 */
@ApplicationScoped
public class MetadataFilterPlan {

    private static final Logger LOG = Logger.getLogger(MetadataFilterPlan.class);

    public static final String LEAKPROOF = "SELECT proleakproof FROM pg_proc "
            + "WHERE oid = 'pg_catalog.jsonb_contains(jsonb, jsonb)'::regprocedure";

    private final Pool pool;

    public MetadataFilterPlan(Pool pool) {
        this.pool = pool;
    }

    void check(@Observes StartupEvent event) {
        pool.query(LEAKPROOF).execute().subscribe().with(rows -> {
            if (!rows.iterator().next().getBoolean(0)) {
                LOG.warn("jsonb containment is not leakproof in this database, so metadata filters cannot use their "
                        + "GIN indexes under row-level security and walk the ledger instead; run, as a superuser: "
                        + "ALTER FUNCTION pg_catalog.jsonb_contains(jsonb, jsonb) LEAKPROOF (docs/security.md)");
            }
        }, failure -> LOG.warnf("Could not tell whether metadata filters can use their indexes: %s",
                failure.getMessage()));
    }
}
