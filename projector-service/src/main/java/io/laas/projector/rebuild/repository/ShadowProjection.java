package io.laas.projector.rebuild.repository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.laas.projector.rebuild.config.RebuildConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.PoolOptions;

/**
 * The copy of the projection that a rebuild writes: a schema of its own with every projection table created
 * {@code LIKE} the live one (columns in the same order, defaults, checks, indexes), written by the projection's
 * own code through a pool whose connections have that schema, and only it, as their {@code search_path}.
 * <p>
 * Why a pool and not {@code SET LOCAL search_path} on the live pool: the projection's SQL names its tables
 * unqualified, and a prepared statement resolves those names when it is prepared; a statement cached by a
 * connection of the live pool would keep pointing at the live tables (or, prepared during a rebuild, at the
 * copy). The copy's pool has its own connections, opened with the copy's search_path and closed with the
 * rebuild, so no statement is ever shared. A table missing from the copy fails the rebuild (nothing else is
 * on the path to fall back on); {@code pg_catalog} (now(), unnest...) is always searched.
 * <p>
 * Every table the projection writes must be listed in {@link #TABLES}; {@code rebuilds} is not one of them.
 * <p>
 * A rebuild spans the rows of a ledger that no tenant's request names: the copy's pool connects as the batch
 * datasource's role (row-level security does not apply to it), and the live side runs on the batch pool too.
 * The copy's tables, made {@code LIKE} the live ones, have no policies of their own.
 */
@ApplicationScoped
public class ShadowProjection {

    /** The projection's tables, parents before children. */
    static final List<String> TABLES = List.of("ledger_progress", "processed_events", "parked_events", "failed_events",
            "assets", "accounts", "transactions", "postings", "account_entries", "account_checkpoints");

    /** The copy's pool, beside projector-requests and projector-batch (application.properties). */
    public static final String POOL_NAME = "projector-rebuild";

    private final Vertx vertx;
    private final RebuildConfig config;
    private final String url;
    private final String username;
    private final String password;
    private final Optional<SslMode> sslMode;
    private final Optional<List<String>> trustedCertificates;
    private final Optional<String> hostnameVerification;

    public ShadowProjection(Vertx vertx, RebuildConfig config,
            @ConfigProperty(name = "quarkus.datasource.batch.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.batch.username") String username,
            @ConfigProperty(name = "quarkus.datasource.batch.password") String password,
            @ConfigProperty(name = "quarkus.datasource.batch.reactive.postgresql.ssl-mode") Optional<SslMode> sslMode,
            @ConfigProperty(name = "quarkus.datasource.batch.reactive.trust-certificate-pem.certs")
            Optional<List<String>> trustedCertificates,
            @ConfigProperty(name = "quarkus.datasource.batch.reactive.hostname-verification-algorithm")
            Optional<String> hostnameVerification) {
        this.vertx = vertx;
        this.config = config;
        this.url = url.startsWith("vertx-reactive:") ? url.substring("vertx-reactive:".length()) : url;
        this.username = username;
        this.password = password;
        this.sslMode = sslMode;
        this.trustedCertificates = trustedCertificates;
        this.hostnameVerification = hostnameVerification.filter(algorithm -> !"NONE".equalsIgnoreCase(algorithm));
    }

    /** Creates the copy's schema and empty tables, in one transaction of the live pool (simple queries: nothing cached). */
    public Uni<Void> create(Pool live, String schema) {
        StringBuilder sql = new StringBuilder("CREATE SCHEMA ").append(quote(schema)).append(";\n");
        for (String table : TABLES) {
            sql.append("CREATE TABLE ").append(quote(schema)).append('.').append(table).append(" (LIKE ").append(table)
                    .append(" INCLUDING ALL);\n");
        }
        return live.withTransaction(conn -> conn.query(sql.toString()).execute()).replaceWithVoid();
    }

    public Uni<Void> drop(SqlClient live, String schema) {
        return live.query("DROP SCHEMA IF EXISTS " + quote(schema) + " CASCADE").execute().replaceWithVoid();
    }

    /**
     * A pool whose connections see only the copy's tables; the caller closes it. Its {@link #POOL_NAME} is its
     * {@code pool_name} in the {@code sql_pool_*} metrics (Vert.x names an unshared pool's metrics too).
     */
    public Pool pool(String schema) {
        PgConnectOptions options = connectOptions();
        options.addProperty("search_path", schema);
        options.setCachePreparedStatements(false);
        return PgBuilder.pool().with(new PoolOptions().setMaxSize(Math.max(1, config.poolSize())).setName(POOL_NAME))
                .connectingTo(options).using(vertx).build();
    }

    /** How the batch datasource connects (address, role, TLS), without a search path of its own. */
    PgConnectOptions connectOptions() {
        PgConnectOptions options = PgConnectOptions.fromUri(url).setUser(username).setPassword(password);
        sslMode.ifPresent(options::setSslMode);
        trustedCertificates.filter(paths -> !paths.isEmpty()).ifPresent(paths -> {
            PemTrustOptions trust = new PemTrustOptions();
            paths.forEach(trust::addCertPath);
            options.setTrustOptions(trust);
        });
        hostnameVerification.ifPresent(options::setHostnameVerificationAlgorithm);
        return options;
    }

    /**
     * Replaces the ledger's rows in every projection table by the copy's, inside the caller's transaction, which
     * holds the ledger's progress row: accounts, assets, transactions, postings, account entries and checkpoints,
     * processed event ids; parked events up to {@code sequence} go (the copy applied them); failed events of the
     * ledger that the copy applied are resolved; the ledger's progress becomes {@code sequence}. One simple query
     * (several statements, one round trip; the ledger id and sequence are a UUID and a number, written in).
     */
    public Uni<Void> swap(SqlConnection conn, String schema, UUID ledgerId, long sequence) {
        String s = quote(schema);
        String ledger = "'" + ledgerId + "'::uuid";
        String accountsOfLive = "(SELECT id FROM accounts WHERE ledger_id = " + ledger + ")";
        String sql = String.join(";\n",
                "DELETE FROM account_entries WHERE account_id IN " + accountsOfLive,
                "DELETE FROM account_checkpoints WHERE account_id IN " + accountsOfLive,
                "DELETE FROM postings WHERE ledger_id = " + ledger,
                "DELETE FROM transactions WHERE ledger_id = " + ledger,
                "DELETE FROM accounts WHERE ledger_id = " + ledger,
                "DELETE FROM assets WHERE ledger_id = " + ledger,
                "DELETE FROM processed_events WHERE ledger_id = " + ledger,
                "DELETE FROM parked_events WHERE ledger_id = " + ledger + " AND sequence <= " + sequence,
                "INSERT INTO assets SELECT * FROM " + s + ".assets WHERE ledger_id = " + ledger,
                "INSERT INTO accounts SELECT * FROM " + s + ".accounts WHERE ledger_id = " + ledger,
                "INSERT INTO transactions SELECT * FROM " + s + ".transactions WHERE ledger_id = " + ledger,
                "INSERT INTO postings SELECT * FROM " + s + ".postings WHERE ledger_id = " + ledger,
                "INSERT INTO account_entries SELECT e.* FROM " + s + ".account_entries e JOIN " + s
                        + ".accounts a ON a.id = e.account_id WHERE a.ledger_id = " + ledger,
                "INSERT INTO account_checkpoints SELECT c.* FROM " + s + ".account_checkpoints c JOIN " + s
                        + ".accounts a ON a.id = c.account_id WHERE a.ledger_id = " + ledger,
                "INSERT INTO processed_events SELECT * FROM " + s + ".processed_events WHERE ledger_id = " + ledger,
                "UPDATE failed_events SET status = 'resolved', resolved_at = now() WHERE ledger_id = " + ledger
                        + " AND status <> 'resolved' AND event_id IN (SELECT event_id FROM " + s
                        + ".processed_events WHERE ledger_id = " + ledger + ")",
                "UPDATE ledger_progress SET last_sequence = " + sequence + ", updated_at = now() WHERE ledger_id = "
                        + ledger);
        return conn.query(sql).execute().replaceWithVoid();
    }

    private static String quote(String schema) {
        if (!schema.matches("projector_rebuild_[0-9a-f]{32}")) {
            throw new IllegalArgumentException("not a rebuild schema: " + schema);
        }
        return "\"" + schema + "\"";
    }
}
