package io.laas.iam.apikey.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.iam.apikey.ApiKey;
import io.laas.iam.tenant.repository.TenantRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** API keys of a project. The key hash is written, never read back out of this repository. */
@ApplicationScoped
public class ApiKeyRepository {

    private static final String COLUMNS = "id, project_id, prefix, last_four, description, scopes, ledger_ids, "
            + "created_at, last_used_at, expires_at, revoked_at, replaced_by";

    /** Describes a new key; {@code keyHashVersion} is the version of the secret its hash was made under. */
    public record NewKey(UUID id, UUID projectId, String keyHash, int keyHashVersion, String prefix, String lastFour, String description,
            List<String> scopes, List<UUID> ledgers, OffsetDateTime expiresAt) {
    }

    public Uni<ApiKey> insert(SqlClient client, NewKey key) {
        return client.preparedQuery("INSERT INTO api_keys (id, project_id, key_hash, prefix, last_four, description, "
                + "scopes, ledger_ids, expires_at, key_hash_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
                + "RETURNING " + COLUMNS)
                .execute(tuple(key))
                .map(rows -> toKey(rows.iterator().next()));
    }

    /**
     * Inserts the key, or brings an existing key with that id up to date; a key of another project is an
     * error, and a revocation is never undone.
     */
    public Uni<Void> upsert(SqlClient client, NewKey key) {
        return client.preparedQuery("INSERT INTO api_keys (id, project_id, key_hash, prefix, last_four, description, "
                + "scopes, ledger_ids, expires_at, key_hash_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
                + "ON CONFLICT (id) DO UPDATE SET key_hash = EXCLUDED.key_hash, "
                + "key_hash_version = EXCLUDED.key_hash_version, prefix = EXCLUDED.prefix, "
                + "last_four = EXCLUDED.last_four, description = EXCLUDED.description, scopes = EXCLUDED.scopes, "
                + "ledger_ids = EXCLUDED.ledger_ids, expires_at = EXCLUDED.expires_at "
                + "WHERE api_keys.project_id = EXCLUDED.project_id RETURNING id")
                .execute(tuple(key))
                .invoke(rows -> TenantRepository.requireOwned(rows.size(), "api key " + key.id()
                        + " belongs to another project"))
                .replaceWithVoid();
    }

    /** The project's keys, newest first, revoked and expired ones included. */
    public Uni<List<ApiKey>> listOfProject(SqlClient client, UUID projectId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM api_keys WHERE project_id = $1 "
                + "ORDER BY created_at DESC, id")
                .execute(Tuple.of(projectId))
                .map(rows -> {
                    List<ApiKey> keys = new ArrayList<>();
                    rows.forEach(row -> keys.add(toKey(row)));
                    return keys;
                });
    }

    /** The key if it belongs to the project; locked for the rest of the caller's transaction if asked. */
    public Uni<Optional<ApiKey>> find(SqlClient client, UUID projectId, UUID id, boolean forUpdate) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM api_keys WHERE project_id = $1 AND id = $2"
                + (forUpdate ? " FOR UPDATE" : ""))
                .execute(Tuple.of(projectId, id))
                .map(ApiKeyRepository::first);
    }

    public Uni<Void> revoke(SqlClient client, UUID id, OffsetDateTime at) {
        return client.preparedQuery("UPDATE api_keys SET revoked_at = $2, is_active = false WHERE id = $1")
                .execute(Tuple.of(id, at)).replaceWithVoid();
    }

    /** The key was replaced by {@code replacedBy} and stops working at {@code expiresAt}. */
    public Uni<ApiKey> replace(SqlClient client, UUID id, UUID replacedBy, OffsetDateTime expiresAt) {
        return client.preparedQuery("UPDATE api_keys SET replaced_by = $2, expires_at = $3 WHERE id = $1 RETURNING "
                + COLUMNS)
                .execute(Tuple.of(id, replacedBy, expiresAt))
                .map(rows -> toKey(rows.iterator().next()));
    }

    /**
     * Records a use of the key unless one was recorded less than a minute ago (by any replica); answers
     * whether it wrote.
     */
    public Uni<Boolean> touch(SqlClient client, UUID id) {
        return client.preparedQuery("UPDATE api_keys SET last_used_at = now() WHERE id = $1 "
                + "AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')")
                .execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 1);
    }

    private static Tuple tuple(NewKey key) {
        return Tuple.from(new Object[] { key.id(), key.projectId(), key.keyHash(), key.prefix(), key.lastFour(),
                key.description(), key.scopes().toArray(String[]::new), key.ledgers().toArray(UUID[]::new),
                key.expiresAt(), key.keyHashVersion() });
    }

    private static Optional<ApiKey> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(toKey(rows.iterator().next()));
    }

    private static ApiKey toKey(Row row) {
        String[] scopes = row.getArrayOfStrings("scopes");
        UUID[] ledgers = row.getArrayOfUUIDs("ledger_ids");
        return new ApiKey(row.getUUID("id"), row.getUUID("project_id"), row.getString("prefix"),
                row.getString("last_four"), row.getString("description"),
                scopes == null ? List.of() : List.of(scopes), ledgers == null ? List.of() : Arrays.asList(ledgers),
                row.getOffsetDateTime("created_at"), row.getOffsetDateTime("last_used_at"),
                row.getOffsetDateTime("expires_at"), row.getOffsetDateTime("revoked_at"), row.getUUID("replaced_by"));
    }
}
