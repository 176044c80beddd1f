package io.laas.ledger.transaction.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** The responses of accepted requests, by (ledger, idempotency key). */
@ApplicationScoped
public class IdempotencyRepository {

    public static final String PRIMARY_KEY = "idempotency_keys_pkey";

    /** The stored response, or {@code null} when the key was never used in this ledger. */
    public Uni<StoredResponse> find(SqlClient client, UUID ledgerId, String key) {
        return client.preparedQuery("""
                SELECT request_hash, response_status, response_body, transaction_id
                FROM idempotency_keys WHERE ledger_id = $1 AND key = $2""")
                .execute(Tuple.of(ledgerId, key))
                .map(rows -> rows.size() == 0 ? null : toStored(rows.iterator().next()));
    }

    /** Records the keys; a key already taken fails the transaction with a unique violation on {@link #PRIMARY_KEY}. */
    public Uni<Void> insert(SqlClient client, UUID ledgerId, List<StoredResponse> responses) {
        List<Tuple> rows = responses.stream()
                .map(r -> Tuple.of(ledgerId, r.key(), r.requestHash(), r.status(), r.body().encode(), r.transactionId()))
                .toList();
        return client.preparedQuery("""
                INSERT INTO idempotency_keys (ledger_id, key, request_hash, response_status, response_body, transaction_id)
                VALUES ($1, $2, $3, $4, $5::text::jsonb, $6)""")
                .executeBatch(rows)
                .replaceWithVoid();
    }

    public record StoredResponse(String key, String requestHash, int status, JsonObject body, UUID transactionId) {
    }

    private static StoredResponse toStored(Row row) {
        return new StoredResponse(null, row.getString("request_hash"), row.getInteger("response_status"),
                row.getJsonObject("response_body"), row.getUUID("transaction_id"));
    }
}
