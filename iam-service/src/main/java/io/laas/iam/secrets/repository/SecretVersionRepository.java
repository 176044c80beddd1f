package io.laas.iam.secrets.repository;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;

/** Counts stored credential hashes by the version of the api-key secret they were made under. */
@ApplicationScoped
public class SecretVersionRepository {

    /**
     * Credentials that can still authenticate, by the version of the api-key secret their hash was made under:
     * API keys neither revoked nor expired, the secrets of clients not deleted, and previous client secrets while
     * their overlap lasts.
     */
    public Uni<Map<Integer, Long>> credentialHashes(SqlClient client) {
        return client.query("""
                SELECT version, count(*) FROM (
                    SELECT key_hash_version AS version FROM api_keys
                     WHERE is_active AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
                    UNION ALL
                    SELECT secret_hash_version FROM oauth_clients WHERE revoked_at IS NULL
                    UNION ALL
                    SELECT previous_secret_hash_version FROM oauth_clients
                     WHERE revoked_at IS NULL AND previous_secret_hash IS NOT NULL AND previous_secret_expires_at > now()
                ) AS credentials GROUP BY version""")
                .execute()
                .map(SecretVersionRepository::byVersion);
    }

    private static Map<Integer, Long> byVersion(RowSet<Row> rows) {
        Map<Integer, Long> counts = new TreeMap<>(Collections.reverseOrder());
        rows.forEach(row -> counts.put(row.getInteger(0), row.getLong(1)));
        return counts;
    }
}
