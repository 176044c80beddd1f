package io.laas.iam.session.repository;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.iam.session.Session;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Console sessions, named by the hash of their token. */
@ApplicationScoped
public class SessionRepository {

    private static final String COLUMNS = "id, user_id, organization_id, created_at, idle_expires_at, expires_at";

    public Uni<Session> insert(SqlClient client, String id, UUID userId, UUID organizationId, Duration idle,
            Duration absolute) {
        return client.preparedQuery("INSERT INTO sessions (id, user_id, organization_id, idle_expires_at, expires_at) "
                + "VALUES ($1, $2, $3, NOW() + make_interval(secs => LEAST($4::float8, $5::float8)), NOW() + make_interval(secs => $5::float8)) "
                + "RETURNING " + COLUMNS)
                .execute(Tuple.of(id, userId, organizationId, (double) idle.toSeconds(), (double) absolute.toSeconds()))
                .map(rows -> toSession(rows.iterator().next()));
    }

    /** A session that ends when another one would have: a switch of organisation never extends a login. */
    public Uni<Session> insertUntil(SqlClient client, String id, UUID userId, UUID organizationId, Duration idle,
            OffsetDateTime expiresAt) {
        return client.preparedQuery("INSERT INTO sessions (id, user_id, organization_id, idle_expires_at, expires_at) "
                + "VALUES ($1, $2, $3, LEAST(NOW() + make_interval(secs => $4::float8), $5), $5) RETURNING " + COLUMNS)
                .execute(Tuple.of(id, userId, organizationId, (double) idle.toSeconds(), expiresAt))
                .map(rows -> toSession(rows.iterator().next()));
    }

    /**
     * A live session (not revoked, not idle for too long, not past its absolute end), marked as seen now,
     * which pushes its idle end back (never past its absolute end).
     */
    public Uni<Optional<Session>> touch(SqlClient client, String id, Duration idle) {
        return client.preparedQuery("UPDATE sessions SET last_seen_at = NOW(), "
                + "idle_expires_at = LEAST(NOW() + make_interval(secs => $2::float8), expires_at) "
                + "WHERE id = $1 AND revoked_at IS NULL AND idle_expires_at > NOW() AND expires_at > NOW() "
                + "RETURNING " + COLUMNS)
                .execute(Tuple.of(id, (double) idle.toSeconds()))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toSession(rows.iterator().next())));
    }

    /** The live session's user, or empty. */
    public Uni<Optional<Session>> findLive(SqlClient client, String id) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM sessions WHERE id = $1 AND revoked_at IS NULL "
                + "AND idle_expires_at > NOW() AND expires_at > NOW()")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toSession(rows.iterator().next())));
    }

    public Uni<Boolean> revoke(SqlClient client, String id) {
        return client.preparedQuery("UPDATE sessions SET revoked_at = NOW() WHERE id = $1 AND revoked_at IS NULL")
                .execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Every live session of the person, in every organisation; how many there were. */
    public Uni<Integer> revokeAllOf(SqlClient client, UUID userId) {
        return client.preparedQuery("UPDATE sessions SET revoked_at = NOW() WHERE user_id = $1 AND revoked_at IS NULL")
                .execute(Tuple.of(userId))
                .map(rows -> rows.rowCount());
    }

    /** The person's sessions in one organisation (they left it). */
    public Uni<Integer> revokeAllIn(SqlClient client, UUID userId, UUID organizationId) {
        return client.preparedQuery("UPDATE sessions SET revoked_at = NOW() WHERE user_id = $1 AND organization_id = $2 "
                + "AND revoked_at IS NULL")
                .execute(Tuple.of(userId, organizationId))
                .map(rows -> rows.rowCount());
    }

    private static Session toSession(Row row) {
        return new Session(row.getString("id"), row.getUUID("user_id"), row.getUUID("organization_id"),
                row.getOffsetDateTime("created_at"), row.getOffsetDateTime("idle_expires_at"),
                row.getOffsetDateTime("expires_at"));
    }
}
