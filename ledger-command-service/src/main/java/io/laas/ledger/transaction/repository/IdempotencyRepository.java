package io.laas.ledger.transaction.repository;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.ledger.transaction.PostingReceipt;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** The keys of accepted requests, by (ledger, idempotency key), with what they were answered. */
@ApplicationScoped
public class IdempotencyRepository {

    /** A key already used in the ledger: the hash of the request that used it and that request's receipt. */
    public record UsedKey(String requestHash, PostingReceipt receipt) {
    }

    /** The keys among {@code keys} that the ledger has already used. */
    public Uni<Map<String, UsedKey>> findUsed(SqlClient client, UUID ledgerId, String[] keys) {
        return client.preparedQuery("""
                SELECT key, request_hash, transaction_id, ledger_sequence
                FROM idempotency_keys WHERE ledger_id = $1 AND key = ANY($2)""")
                .execute(Tuple.of(ledgerId, keys))
                .map(rows -> {
                    Map<String, UsedKey> used = new HashMap<>(rows.size() * 2);
                    for (Row row : rows) {
                        used.put(row.getString("key"), new UsedKey(row.getString("request_hash"),
                                new PostingReceipt(row.getUUID("transaction_id"), row.getLong("ledger_sequence"))));
                    }
                    return used;
                });
    }

    /** Records the keys of accepted requests, in one statement. */
    public Uni<Void> insert(SqlClient client, UUID ledgerId, List<NewKey> keys) {
        String[] names = new String[keys.size()];
        String[] hashes = new String[keys.size()];
        UUID[] transactions = new UUID[keys.size()];
        Long[] sequences = new Long[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            NewKey key = keys.get(i);
            names[i] = key.key();
            hashes[i] = key.requestHash();
            transactions[i] = key.receipt().transactionId();
            sequences[i] = key.receipt().ledgerSequence();
        }
        return client.preparedQuery("""
                INSERT INTO idempotency_keys (ledger_id, key, request_hash, transaction_id, ledger_sequence)
                SELECT $1, k.key, k.request_hash, k.transaction_id, k.ledger_sequence
                FROM unnest($2::text[], $3::text[], $4::uuid[], $5::bigint[])
                  AS k (key, request_hash, transaction_id, ledger_sequence)""")
                .execute(Tuple.of(ledgerId).addArrayOfString(names).addArrayOfString(hashes)
                        .addArrayOfUUID(transactions).addArrayOfLong(sequences))
                .replaceWithVoid();
    }

    public record NewKey(String key, String requestHash, PostingReceipt receipt) {
    }
}
