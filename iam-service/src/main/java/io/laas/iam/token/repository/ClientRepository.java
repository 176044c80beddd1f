package io.laas.iam.token.repository;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.web.security.Scopes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads OAuth2 clients and API keys for client authentication. */
@ApplicationScoped
public class ClientRepository {

    /** @param scopes what the client may be granted: {@code ops:admin} only for the operator's organization */
    /** @param previousSecretHash while a rotation overlaps, the previous secret, valid until {@code previousSecretExpiresAt} */
    /** @param secretHashVersion the version of the server secret the hash was made under (likewise the previous one's) */
    public record OAuthClientRow(String clientId, String secretHash, int secretHashVersion, String previousSecretHash,
            Integer previousSecretHashVersion, OffsetDateTime previousSecretExpiresAt, UUID orgId, UUID projectId,
            List<String> scopes, List<UUID> ledgerIds, boolean revoked) {
    }

    /** @param scopes what the key may be granted: {@code ops:admin} only for the operator's organization */
    /** @param ledgerIds the key's ledgers that still exist in its project */
    /** @param keyHash the stored hash that matched, and {@code keyHashVersion} the version it is recorded under */
    public record ApiKeyRow(UUID id, String prefix, List<UUID> ledgerIds, UUID projectId, UUID orgId, List<String> scopes,
            boolean active, OffsetDateTime revokedAt, OffsetDateTime expiresAt, String keyHash, int keyHashVersion) {
    }

    /**
     * The client with its ledgers; ledgers that no longer exist or left its project are dropped. A client configured
     * with no ledger is granted every ledger of its project as the project stands now (archived ones included, for
     * reads): a token lists them when it is issued, so a ledger created since is in the client's next token.
     */
    public Uni<Optional<OAuthClientRow>> findClient(SqlClient client, String clientId) {
        return client.preparedQuery("""
                SELECT c.client_id, c.secret_hash, c.secret_hash_version, c.previous_secret_hash,
                       c.previous_secret_hash_version, c.previous_secret_expires_at, c.org_id, c.project_id, c.revoked_at IS NOT NULL AS revoked,
                       ARRAY(SELECT s FROM unnest(c.scopes) AS s WHERE s <> $2 OR o.operator) AS scopes,
                       ARRAY(SELECT l.id FROM ledgers l
                             WHERE l.project_id = c.project_id
                               AND (cardinality(c.ledger_ids) = 0 OR l.id = ANY(c.ledger_ids))
                             ORDER BY l.id) AS ledger_ids
                  FROM oauth_clients c
                  JOIN organizations o ON o.id = c.org_id
                 WHERE c.client_id = $1""")
                .execute(Tuple.of(clientId, Scopes.OPS_ADMIN))
                .map(rows -> first(rows).map(row -> new OAuthClientRow(row.getString("client_id"),
                        row.getString("secret_hash"), row.getInteger("secret_hash_version"),
                        row.getString("previous_secret_hash"), row.getInteger("previous_secret_hash_version"),
                        row.getOffsetDateTime("previous_secret_expires_at"), row.getUUID("org_id"), row.getUUID("project_id"),
                        strings(row, "scopes"), uuids(row, "ledger_ids"), row.getBoolean("revoked"))));
    }

    /**
     * The key stored under one of these hashes (the presented key's hash under each configured version of the
     * server secret): one index scan whichever version it was stored under.
     */
    public Uni<Optional<ApiKeyRow>> findApiKeyByHashes(SqlClient client, List<String> keyHashes) {
        return client.preparedQuery("""
                SELECT k.id, k.prefix, k.key_hash, k.key_hash_version, k.project_id, p.organization_id, k.is_active,
                       ARRAY(SELECT s FROM unnest(k.scopes) AS s WHERE s <> $2 OR o.operator) AS scopes,
                       ARRAY(SELECT l.id FROM ledgers l
                             WHERE l.id = ANY(k.ledger_ids) AND l.project_id = k.project_id
                             ORDER BY l.id) AS ledger_ids,
                       k.revoked_at, k.expires_at
                  FROM api_keys k
                  JOIN projects p ON p.id = k.project_id
                  JOIN organizations o ON o.id = p.organization_id
                 WHERE k.key_hash = ANY($1)""")
                .execute(Tuple.of(keyHashes.toArray(String[]::new), Scopes.OPS_ADMIN))
                .map(rows -> first(rows).map(row -> new ApiKeyRow(row.getUUID("id"), row.getString("prefix"),
                        uuids(row, "ledger_ids"), row.getUUID("project_id"), row.getUUID("organization_id"),
                        strings(row, "scopes"), row.getBoolean("is_active"), row.getOffsetDateTime("revoked_at"),
                        row.getOffsetDateTime("expires_at"), row.getString("key_hash"),
                        row.getInteger("key_hash_version"))));
    }

    /**
     * Replaces a key's hash made under a previous version of the server secret by its hash under the current one;
     * a no-op when another request (or replica) did it first.
     */
    public Uni<Void> rehashApiKey(SqlClient client, UUID id, String oldHash, String newHash, int newVersion) {
        return client.preparedQuery("UPDATE api_keys SET key_hash = $3, key_hash_version = $4 "
                + "WHERE id = $1 AND key_hash = $2")
                .execute(Tuple.of(id, oldHash, newHash, newVersion))
                .replaceWithVoid();
    }

    /** The same for a client's secret, or for its previous secret while a rotation overlaps. */
    public Uni<Void> rehashClientSecret(SqlClient client, String clientId, boolean previous, String oldHash,
            String newHash, int newVersion) {
        String column = previous ? "previous_secret_hash" : "secret_hash";
        return client.preparedQuery("UPDATE oauth_clients SET " + column + " = $3, " + column + "_version = $4 "
                + "WHERE client_id = $1 AND " + column + " = $2")
                .execute(Tuple.of(clientId, oldHash, newHash, newVersion))
                .replaceWithVoid();
    }

    private static Optional<Row> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next());
    }

    private static List<String> strings(Row row, String column) {
        String[] values = row.getArrayOfStrings(column);
        return values == null ? List.of() : List.of(values);
    }

    private static List<UUID> uuids(Row row, String column) {
        UUID[] values = row.getArrayOfUUIDs(column);
        return values == null ? List.of() : Arrays.asList(values);
    }
}
