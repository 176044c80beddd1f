package io.laas.iam.keys.repository;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

@ApplicationScoped
public class SigningKeyRepository {

    /** A signing key row as stored: the private part is still encrypted. */
    public record StoredKey(String kid, JsonObject publicJwk, byte[] encryptedPrivateKey) {
    }

    /** Serialises key creation across replicas for the rest of the caller's transaction. */
    public Uni<Void> lockKeyCreation(SqlConnection conn) {
        return conn.query("SELECT pg_advisory_xact_lock(hashtext('laas.iam.signing_keys'))").execute().replaceWithVoid();
    }

    public Uni<Optional<StoredKey>> findActive(SqlClient client) {
        return client.query("SELECT kid, public_jwk, private_key_enc FROM signing_keys WHERE status = 'active'")
                .execute()
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toStored(rows.iterator().next())));
    }

    public Uni<Void> insertActive(SqlConnection conn, String kid, String algorithm, JsonObject publicJwk,
            byte[] encryptedPrivateKey) {
        return conn.preparedQuery("INSERT INTO signing_keys (kid, algorithm, public_jwk, private_key_enc, status) "
                + "VALUES ($1, $2, $3, $4, 'active')")
                .execute(Tuple.of(kid, algorithm, publicJwk, io.vertx.core.buffer.Buffer.buffer(encryptedPrivateKey)))
                .replaceWithVoid();
    }

    /** The public keys verifiers must know: the active one and those retired less than {@code retention} ago. */
    public Uni<List<JsonObject>> publishedKeys(SqlClient client, Duration retention) {
        return client.preparedQuery("SELECT public_jwk FROM signing_keys "
                + "WHERE status = 'active' OR retired_at > now() - make_interval(secs => $1) "
                + "ORDER BY status, created_at DESC")
                .execute(Tuple.of((double) retention.toSeconds()))
                .map(rows -> {
                    List<JsonObject> keys = new java.util.ArrayList<>();
                    rows.forEach(row -> keys.add(row.getJsonObject("public_jwk")));
                    return keys;
                });
    }

    private static StoredKey toStored(Row row) {
        return new StoredKey(row.getString("kid"), row.getJsonObject("public_jwk"),
                row.getBuffer("private_key_enc").getBytes());
    }
}
