package io.laas.iam.token.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** Access tokens revoked one by one (RFC 7009). */
@ApplicationScoped
public class RevokedTokenRepository {

    /** Records the revocation; false when the token was already revoked. */
    public Uni<Boolean> insert(SqlConnection conn, String jti, String clientId, Instant expiresAt) {
        return conn.preparedQuery("INSERT INTO revoked_tokens (jti, client_id, expires_at) VALUES ($1, $2, $3) "
                + "ON CONFLICT (jti) DO NOTHING")
                .execute(Tuple.of(jti, clientId, OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC)))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Boolean> isRevoked(SqlClient client, String jti) {
        return client.preparedQuery("SELECT count(*) FROM revoked_tokens WHERE jti = $1")
                .execute(Tuple.of(jti))
                .map(rows -> rows.iterator().next().getLong(0) > 0);
    }

    /** Forgets the revocations of tokens that have expired anyway. */
    public Uni<Integer> deleteExpired(SqlClient client) {
        return client.query("DELETE FROM revoked_tokens WHERE expires_at < now() - interval '1 minute'")
                .execute()
                .map(rows -> rows.rowCount());
    }
}
