package io.laas.iam.people.repository;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.iam.people.Person;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** People ({@code users}), found by email whatever its case. */
@ApplicationScoped
public class PersonRepository {

    private static final String COLUMNS = "id, email, password_hash, failed_logins, locked_until, created_at";

    /** Fails with the database's unique violation (23505) when the email is taken, whatever its case. */
    public Uni<Person> insert(SqlClient client, String email, String passwordHash) {
        return client.preparedQuery("INSERT INTO users (email, password_hash) VALUES ($1, $2) RETURNING " + COLUMNS)
                .execute(Tuple.of(email, passwordHash))
                .map(rows -> toPerson(rows.iterator().next()));
    }

    public Uni<Optional<Person>> findByEmail(SqlClient client, String email) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM users WHERE lower(email) = lower($1)")
                .execute(Tuple.of(email))
                .map(PersonRepository::first);
    }

    public Uni<Optional<Person>> findById(SqlClient client, UUID id) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM users WHERE id = $1")
                .execute(Tuple.of(id))
                .map(PersonRepository::first);
    }

    /** A failed login; the failure that reaches {@code maxFailures} locks the account and restarts the count. */
    public Uni<Person> recordFailure(SqlClient client, UUID id, int maxFailures, Duration lockout) {
        return client.preparedQuery("UPDATE users SET "
                + "locked_until = CASE WHEN failed_logins + 1 >= $2 THEN NOW() + make_interval(secs => $3::float8) ELSE locked_until END, "
                + "failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END "
                + "WHERE id = $1 RETURNING " + COLUMNS)
                .execute(Tuple.of(id, maxFailures, (double) lockout.toSeconds()))
                .map(rows -> toPerson(rows.iterator().next()));
    }

    /** A successful login: the failure count starts again; a new hash (a rehash) replaces the stored one. */
    public Uni<Void> recordSuccess(SqlClient client, UUID id, String newHash) {
        return client.preparedQuery("UPDATE users SET failed_logins = 0, locked_until = NULL, "
                + "password_hash = COALESCE($2, password_hash), "
                + "updated_at = CASE WHEN $2::text IS NULL THEN updated_at ELSE NOW() END WHERE id = $1")
                .execute(Tuple.of(id, newHash))
                .replaceWithVoid();
    }

    /** Sets the password of a person who has none yet (created by an earlier invitation); false if they have one. */
    public Uni<Boolean> setFirstPassword(SqlClient client, UUID id, String passwordHash) {
        return client.preparedQuery("UPDATE users SET password_hash = $2, updated_at = NOW() "
                + "WHERE id = $1 AND password_hash IS NULL")
                .execute(Tuple.of(id, passwordHash))
                .map(rows -> rows.rowCount() == 1);
    }

    private static Optional<Person> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(toPerson(rows.iterator().next()));
    }

    private static Person toPerson(Row row) {
        return new Person(row.getUUID("id"), row.getString("email"), row.getString("password_hash"),
                row.getInteger("failed_logins"), row.getOffsetDateTime("locked_until"),
                row.getOffsetDateTime("created_at"));
    }
}
