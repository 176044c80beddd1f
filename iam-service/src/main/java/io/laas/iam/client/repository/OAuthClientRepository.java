package io.laas.iam.client.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.iam.client.OAuthClient;
import io.laas.iam.tenant.repository.TenantRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** OAuth2 clients of a project. A deleted client keeps its row (revoked), so its client_id is never reused. */
@ApplicationScoped
public class OAuthClientRepository {

    private static final String COLUMNS = "id, client_id, project_id, name, scopes, ledger_ids, created_at, updated_at, "
            + "secret_rotated_at, previous_secret_expires_at, last_used_at";

    /** {@code secretHashVersion}: the version of the secret the hash was made under. */
    public record NewClient(String clientId, UUID orgId, UUID projectId, String secretHash, int secretHashVersion, String name,
            List<String> scopes, List<UUID> ledgers) {
    }

    public Uni<OAuthClient> insert(SqlClient client, NewClient c) {
        return client.preparedQuery("INSERT INTO oauth_clients (client_id, org_id, project_id, secret_hash, name, "
                + "scopes, ledger_ids, secret_hash_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING " + COLUMNS)
                .execute(tuple(c))
                .map(rows -> toClient(rows.iterator().next()));
    }

    /**
     * Inserts the client, or brings an existing one with that client_id up to date; a client of another
     * project is an error, and a deletion is never undone.
     */
    public Uni<Void> upsert(SqlClient client, NewClient c) {
        return client.preparedQuery("INSERT INTO oauth_clients (client_id, org_id, project_id, secret_hash, name, "
                + "scopes, ledger_ids, secret_hash_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
                + "ON CONFLICT (client_id) DO UPDATE SET secret_hash = EXCLUDED.secret_hash, "
                + "secret_hash_version = EXCLUDED.secret_hash_version, name = EXCLUDED.name, "
                + "scopes = EXCLUDED.scopes, ledger_ids = EXCLUDED.ledger_ids "
                + "WHERE oauth_clients.project_id = EXCLUDED.project_id RETURNING id")
                .execute(tuple(c))
                .invoke(rows -> TenantRepository.requireOwned(rows.size(), "client " + c.clientId()
                        + " belongs to another project"))
                .replaceWithVoid();
    }

    /** The project's clients that are not deleted, by name. */
    public Uni<List<OAuthClient>> listOfProject(SqlClient client, UUID projectId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM oauth_clients WHERE project_id = $1 "
                + "AND revoked_at IS NULL ORDER BY name, client_id")
                .execute(Tuple.of(projectId))
                .map(rows -> {
                    List<OAuthClient> clients = new ArrayList<>();
                    rows.forEach(row -> clients.add(toClient(row)));
                    return clients;
                });
    }

    /** The client if it belongs to the project and is not deleted; locked for the caller's transaction if asked. */
    public Uni<Optional<OAuthClient>> find(SqlClient client, UUID projectId, UUID id, boolean forUpdate) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM oauth_clients WHERE project_id = $1 AND id = $2 "
                + "AND revoked_at IS NULL" + (forUpdate ? " FOR UPDATE" : ""))
                .execute(Tuple.of(projectId, id))
                .map(OAuthClientRepository::first);
    }

    /**
     * Sets a new secret. The current one becomes the previous secret until {@code previousExpiresAt}, or is
     * forgotten at once when that is null.
     */
    public Uni<OAuthClient> rotateSecret(SqlClient client, UUID id, String secretHash, int secretHashVersion,
            OffsetDateTime at, OffsetDateTime previousExpiresAt) {
        return client.preparedQuery("UPDATE oauth_clients SET "
                + "previous_secret_hash = CASE WHEN $4::timestamptz IS NULL THEN NULL ELSE secret_hash END, "
                + "previous_secret_hash_version = CASE WHEN $4::timestamptz IS NULL THEN NULL ELSE secret_hash_version END, "
                + "previous_secret_expires_at = $4, secret_hash = $2, secret_hash_version = $5, secret_rotated_at = $3, "
                + "updated_at = $3 WHERE id = $1 RETURNING " + COLUMNS)
                .execute(Tuple.of(id, secretHash, at, previousExpiresAt, secretHashVersion))
                .map(rows -> toClient(rows.iterator().next()));
    }

    public Uni<Void> delete(SqlClient client, UUID id, OffsetDateTime at) {
        return client.preparedQuery("UPDATE oauth_clients SET revoked_at = $2, updated_at = $2, "
                + "previous_secret_hash = NULL, previous_secret_hash_version = NULL, previous_secret_expires_at = NULL "
                + "WHERE id = $1")
                .execute(Tuple.of(id, at)).replaceWithVoid();
    }

    private static Tuple tuple(NewClient c) {
        return Tuple.from(new Object[] { c.clientId(), c.orgId(), c.projectId(), c.secretHash(), c.name(),
                c.scopes().toArray(String[]::new), c.ledgers().toArray(UUID[]::new), c.secretHashVersion() });
    }

    /** Records a token issued to the client now, unless one was recorded within the minute; whether it wrote. */
    public Uni<Boolean> touch(SqlClient client, String clientId) {
        return client.preparedQuery("UPDATE oauth_clients SET last_used_at = now() WHERE client_id = $1 "
                + "AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')")
                .execute(Tuple.of(clientId))
                .map(rows -> rows.rowCount() == 1);
    }

    private static Optional<OAuthClient> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(toClient(rows.iterator().next()));
    }

    private static OAuthClient toClient(Row row) {
        String[] scopes = row.getArrayOfStrings("scopes");
        UUID[] ledgers = row.getArrayOfUUIDs("ledger_ids");
        return new OAuthClient(row.getUUID("id"), row.getString("client_id"), row.getUUID("project_id"),
                row.getString("name"), scopes == null ? List.of() : List.of(scopes),
                ledgers == null ? List.of() : Arrays.asList(ledgers), row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("updated_at"), row.getOffsetDateTime("secret_rotated_at"),
                row.getOffsetDateTime("previous_secret_expires_at"), row.getOffsetDateTime("last_used_at"));
    }
}
