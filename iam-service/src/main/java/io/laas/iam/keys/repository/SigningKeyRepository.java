package io.laas.iam.keys.repository;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

@ApplicationScoped
public class SigningKeyRepository {

    public static final String NEXT = "next";
    public static final String ACTIVE = "active";
    public static final String RETIRED = "retired";

    private static final String COLUMNS = "kid, public_jwk, private_key_enc, kek_version, status, created_at, activated_at, "
            + "retired_at";

    /**
     * A signing key row as stored: the private part is still encrypted, under version {@code kekVersion} of the
     * signing-key secret.
     */
    public record StoredKey(String kid, JsonObject publicJwk, int kekVersion, byte[] encryptedPrivateKey) {
    }

    /** A row with its life cycle. */
    public record KeyRow(StoredKey key, String status, OffsetDateTime createdAt, OffsetDateTime activatedAt,
            OffsetDateTime retiredAt) {
    }

    /** Serialises key creation and rotation across replicas for the rest of the caller's transaction. */
    public Uni<Void> lockKeyCreation(SqlConnection conn) {
        return conn.query("SELECT pg_advisory_xact_lock(hashtext('laas.iam.signing_keys'))").execute().replaceWithVoid();
    }

    public Uni<Optional<StoredKey>> findActive(SqlClient client) {
        return findByStatus(client, ACTIVE).map(row -> row.map(KeyRow::key));
    }

    public Uni<Optional<KeyRow>> findByStatus(SqlClient client, String status) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM signing_keys WHERE status = $1")
                .execute(Tuple.of(status))
                .map(rows -> first(rows));
    }

    public Uni<Void> insertActive(SqlConnection conn, String algorithm, StoredKey key) {
        return conn.preparedQuery("INSERT INTO signing_keys (kid, algorithm, public_jwk, private_key_enc, kek_version, "
                + "status, activated_at) VALUES ($1, $2, $3, $4, $5, 'active', now())")
                .execute(Tuple.of(key.kid(), algorithm, key.publicJwk(), Buffer.buffer(key.encryptedPrivateKey()),
                        key.kekVersion()))
                .replaceWithVoid();
    }

    public Uni<Void> insertNext(SqlConnection conn, String algorithm, StoredKey key) {
        return conn.preparedQuery("INSERT INTO signing_keys (kid, algorithm, public_jwk, private_key_enc, kek_version, "
                + "status) VALUES ($1, $2, $3, $4, $5, 'next')")
                .execute(Tuple.of(key.kid(), algorithm, key.publicJwk(), Buffer.buffer(key.encryptedPrivateKey()),
                        key.kekVersion()))
                .replaceWithVoid();
    }

    /**
     * Replaces a private key encrypted under a previous version of the secret by the same key under the current
     * one, if the row still holds what was read (another replica may have done it first). Whether it did.
     */
    public Uni<Boolean> reencrypt(SqlClient client, StoredKey before, StoredKey after) {
        return client.preparedQuery("UPDATE signing_keys SET private_key_enc = $4, kek_version = $5 "
                + "WHERE kid = $1 AND kek_version = $2 AND private_key_enc = $3")
                .execute(Tuple.of(before.kid(), before.kekVersion(), Buffer.buffer(before.encryptedPrivateKey()),
                        Buffer.buffer(after.encryptedPrivateKey()), after.kekVersion()))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Whether the next key has been published for at least {@code leadTime} (by the database's clock). */
    public Uni<Boolean> nextPublishedFor(SqlConnection conn, String kid, Duration leadTime) {
        return conn.preparedQuery("SELECT count(*) FROM signing_keys WHERE kid = $1 AND status = 'next' "
                + "AND created_at <= now() - make_interval(secs => $2)")
                .execute(Tuple.of(kid, seconds(leadTime)))
                .map(rows -> rows.iterator().next().getLong(0) > 0);
    }

    /** Whether the active key has signed for at least {@code age}. */
    public Uni<Boolean> activeOlderThan(SqlConnection conn, Duration age) {
        return conn.preparedQuery("SELECT count(*) FROM signing_keys WHERE status = 'active' "
                + "AND COALESCE(activated_at, created_at) <= now() - make_interval(secs => $1)")
                .execute(Tuple.of(seconds(age)))
                .map(rows -> rows.iterator().next().getLong(0) > 0);
    }

    /** Removes a next key that never signed (one whose row does not verify). */
    public Uni<Void> deleteNext(SqlConnection conn, String kid) {
        return conn.preparedQuery("DELETE FROM signing_keys WHERE kid = $1 AND status = 'next'")
                .execute(Tuple.of(kid)).replaceWithVoid();
    }

    /** The active key retires and the next one signs from now on, in the caller's transaction. */
    public Uni<Void> promoteNext(SqlConnection conn, String kid) {
        return conn.query("UPDATE signing_keys SET status = 'retired', retired_at = now() WHERE status = 'active'")
                .execute()
                .chain(() -> conn.preparedQuery("UPDATE signing_keys SET status = 'active', activated_at = now() "
                        + "WHERE kid = $1 AND status = 'next'").execute(Tuple.of(kid)))
                .replaceWithVoid();
    }

    /**
     * The keys verifiers must know: the next one (published before it signs), the active one and those
     * retired less than {@code retention} ago (their tokens may still be valid).
     */
    public Uni<List<KeyRow>> published(SqlClient client, Duration retention) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM signing_keys "
                + "WHERE status IN ('next', 'active') OR retired_at > now() - make_interval(secs => $1) "
                + "ORDER BY CASE status WHEN 'active' THEN 0 WHEN 'next' THEN 1 ELSE 2 END, created_at DESC")
                .execute(Tuple.of(seconds(retention)))
                .map(SigningKeyRepository::all);
    }

    public Uni<List<KeyRow>> list(SqlClient client) {
        return client.query("SELECT " + COLUMNS + " FROM signing_keys ORDER BY created_at DESC")
                .execute()
                .map(SigningKeyRepository::all);
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static Optional<KeyRow> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(toRow(rows.iterator().next()));
    }

    private static List<KeyRow> all(RowSet<Row> rows) {
        List<KeyRow> keys = new ArrayList<>();
        rows.forEach(row -> keys.add(toRow(row)));
        return keys;
    }

    private static KeyRow toRow(Row row) {
        return new KeyRow(new StoredKey(row.getString("kid"), row.getJsonObject("public_jwk"),
                row.getInteger("kek_version"), row.getBuffer("private_key_enc").getBytes()), row.getString("status"),
                row.getOffsetDateTime("created_at"), row.getOffsetDateTime("activated_at"),
                row.getOffsetDateTime("retired_at"));
    }
}
