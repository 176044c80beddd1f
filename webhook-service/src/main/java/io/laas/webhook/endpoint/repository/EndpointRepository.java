package io.laas.webhook.endpoint.repository;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.web.crypto.VersionedEncryption.Sealed;
import io.laas.webhook.common.CursorKey;
import io.laas.webhook.endpoint.DisabledEndpoint;
import io.laas.webhook.endpoint.Endpoint;
import io.laas.webhook.endpoint.StoredSecret;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

@ApplicationScoped
public class EndpointRepository {

    // never the secret: it is read only to sign deliveries (DeliveryRepository), to rotate and to re-encrypt it
    private static final String COLUMNS = "id, ledger_id, url, description, event_types, enabled, "
            + "disabled_reason, created_at, updated_at, headers::text AS headers, rate_limit, max_in_flight, fifo,"
            + " disabled_at, failing_since, CASE WHEN previous_secret_expires_at > statement_timestamp()"
            + " THEN previous_secret_expires_at END AS previous_secret_expires_at";

    /**
     * @param secret the endpoint's signing secret as sealed for storage (the returned endpoint carries
     *        {@code endpoint.secret()}, in clear, to be shown once)
     * @param orgId the organisation it is counted against
     */
    public Uni<Endpoint> insert(SqlClient client, Endpoint endpoint, Sealed secret, UUID orgId) {
        return client.preparedQuery("INSERT INTO endpoints (id, ledger_id, url, description, secret_enc,"
                + " secret_key_version, event_types, enabled, created_at, updated_at, org_id, headers, rate_limit,"
                + " max_in_flight, fifo"
                + ", disabled_reason, disabled_at)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $13, now(), now(), $8, $9::text::jsonb, $10, $11, $12, $14,"
                + " CASE WHEN $13 THEN NULL ELSE now() END)"
                + " RETURNING " + COLUMNS)
                .execute(Tuple.tuple()
                        .addUUID(endpoint.id())
                        .addUUID(endpoint.ledgerId())
                        .addString(endpoint.url())
                        .addString(endpoint.description())
                        .addValue(Buffer.buffer(secret.ciphertext()))
                        .addInteger(secret.version())
                        .addArrayOfString(endpoint.eventTypes().toArray(String[]::new))
                        .addUUID(orgId)
                        .addString(headersJson(endpoint.headers()))
                        .addInteger(endpoint.rateLimit())
                        .addInteger(endpoint.maxInFlight())
                        .addBoolean(endpoint.fifo())
                        .addBoolean(endpoint.enabled())
                        .addString(endpoint.disabledReason()))
                .map(rows -> map(rows.iterator().next(), endpoint.secret()));
    }

    /** An endpoint's signing secret as stored (only to re-encrypt it). */
    public record StoredEndpointSecret(UUID id, StoredSecret secret) {
    }

    /**
     * Up to {@code limit} endpoints after {@code after} (by id; from the start when {@code null}) whose secret is
     * in clear or under a key version other than {@code currentVersion}.
     */
    public Uni<List<StoredEndpointSecret>> secretsToReseal(SqlClient client, int currentVersion, UUID after, int limit) {
        return client.preparedQuery("SELECT id, secret, secret_enc, secret_key_version FROM endpoints"
                + " WHERE ($2::uuid IS NULL OR id > $2) AND (secret_enc IS NULL OR secret_key_version <> $1)"
                + " ORDER BY id LIMIT $3")
                .execute(Tuple.of(currentVersion, after, limit))
                .map(rows -> {
                    List<StoredEndpointSecret> result = new ArrayList<>(rows.size());
                    rows.forEach(row -> result.add(new StoredEndpointSecret(row.getUUID("id"), storedSecret(row))));
                    return result;
                });
    }

    /**
     * Stores the secret sealed anew if the row still holds what was read ({@code before}): replicas doing it at once
     * write each row once. Whether it did.
     */
    public Uni<Boolean> reseal(SqlClient client, UUID id, StoredSecret before, Sealed after) {
        return client.preparedQuery("UPDATE endpoints SET secret = NULL, secret_enc = $5, secret_key_version = $6"
                + " WHERE id = $1 AND secret IS NOT DISTINCT FROM $2 AND secret_enc IS NOT DISTINCT FROM $3"
                + " AND secret_key_version IS NOT DISTINCT FROM $4")
                .execute(Tuple.from(Arrays.asList(id, before.plaintext(),
                        before.ciphertext() == null ? null : Buffer.buffer(before.ciphertext()),
                        before.keyVersion(), Buffer.buffer(after.ciphertext()), after.version())))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Up to {@code limit} endpoints after {@code after} (by id; from the start when {@code null}) whose previous
     * secret (kept through a rotation's overlap) is under a key version other than {@code currentVersion}.
     */
    public Uni<List<StoredEndpointSecret>> previousSecretsToReseal(SqlClient client, int currentVersion, UUID after,
            int limit) {
        return client.preparedQuery("SELECT id, NULL::text AS secret, previous_secret_enc AS secret_enc,"
                + " previous_secret_key_version AS secret_key_version FROM endpoints"
                + " WHERE ($2::uuid IS NULL OR id > $2) AND previous_secret_enc IS NOT NULL"
                + " AND previous_secret_key_version <> $1 ORDER BY id LIMIT $3")
                .execute(Tuple.of(currentVersion, after, limit))
                .map(rows -> {
                    List<StoredEndpointSecret> result = new ArrayList<>(rows.size());
                    rows.forEach(row -> result.add(new StoredEndpointSecret(row.getUUID("id"), storedSecret(row))));
                    return result;
                });
    }

    /** {@link #reseal} for the previous secret. */
    public Uni<Boolean> resealPrevious(SqlClient client, UUID id, StoredSecret before, Sealed after) {
        return client.preparedQuery("UPDATE endpoints SET previous_secret_enc = $4, previous_secret_key_version = $5"
                + " WHERE id = $1 AND previous_secret_enc = $2 AND previous_secret_key_version = $3")
                .execute(Tuple.of(id, Buffer.buffer(before.ciphertext()), before.keyVersion(),
                        Buffer.buffer(after.ciphertext()), after.version()))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Signing secrets (current ones, and previous ones kept through a rotation's overlap) by the key version they
     * are under ({@code 0}: still in clear).
     */
    public Uni<Map<Integer, Long>> secretsByKeyVersion(SqlClient client) {
        return client.query("SELECT version, count(*) FROM (SELECT COALESCE(secret_key_version, 0) AS version"
                + " FROM endpoints UNION ALL SELECT previous_secret_key_version FROM endpoints"
                + " WHERE previous_secret_enc IS NOT NULL) s GROUP BY version").execute()
                .map(rows -> {
                    Map<Integer, Long> counts = new TreeMap<>();
                    rows.forEach(row -> counts.put(row.getInteger(0), row.getLong(1)));
                    return counts;
                });
    }

    /** The secret columns of a row that selected {@code secret, secret_enc, secret_key_version}. */
    public static StoredSecret storedSecret(Row row) {
        var sealed = row.getBuffer("secret_enc");
        return new StoredSecret(sealed == null ? null : sealed.getBytes(), row.getInteger("secret_key_version"),
                row.getString("secret"));
    }

    /**
     * Serialises, until the transaction ends, the registrations of one organisation (a transaction-scoped
     * advisory lock: the organisations live in IAM, there is no row here to lock).
     */
    public Uni<Void> lockOrganization(SqlClient client, UUID orgId) {
        return client.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
                .execute(Tuple.of(orgId.toString()))
                .replaceWithVoid();
    }

    /**
     * The organisation's endpoints in all its ledgers (a count kept by a trigger on {@code endpoints}: a
     * transaction on one ledger's behalf sees no other ledger's endpoints).
     */
    public Uni<Long> countOfOrganization(SqlClient client, UUID orgId) {
        return client.preparedQuery("SELECT endpoints FROM organization_endpoint_counts WHERE org_id = $1")
                .execute(Tuple.of(orgId))
                .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0));
    }

    /** The ledger's endpoints (row-level security shows no other ledger's anyway). */
    public Uni<Long> countOfLedger(SqlClient client, UUID ledgerId) {
        return client.preparedQuery("SELECT count(*) FROM endpoints WHERE ledger_id = $1")
                .execute(Tuple.of(ledgerId))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** The endpoint, locked until the transaction ends; {@code null} when the ledger has none with this id. */
    public Uni<Endpoint> lock(SqlClient client, UUID ledgerId, UUID id) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM endpoints WHERE id = $1 AND ledger_id = $2"
                + " FOR NO KEY UPDATE")
                .execute(Tuple.of(id, ledgerId))
                .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
    }

    /**
     * Writes what a merge patch may change ({@code after}, from the locked row). Disabling records
     * {@code disabledReason} and the time; enabling clears them and the failure streak ({@code failing_since}).
     */
    public Uni<Endpoint> update(SqlClient client, Endpoint after, String disabledReason) {
        return client.preparedQuery("UPDATE endpoints SET url = $3, description = $4, event_types = $5,"
                + " headers = $6::text::jsonb, rate_limit = $7, max_in_flight = $8, fifo = $9,"
                + " disabled_reason = CASE WHEN $10 THEN NULL WHEN enabled THEN $11 ELSE disabled_reason END,"
                + " disabled_at = CASE WHEN $10 THEN NULL WHEN enabled THEN now() ELSE disabled_at END,"
                + " failing_since = CASE WHEN $10 AND NOT enabled THEN NULL ELSE failing_since END,"
                + " enabled = $10, updated_at = now()"
                + " WHERE id = $1 AND ledger_id = $2 RETURNING " + COLUMNS)
                .execute(Tuple.from(Arrays.asList(after.id(), after.ledgerId(), after.url(), after.description(),
                        after.eventTypes().toArray(String[]::new), headersJson(after.headers()), after.rateLimit(),
                        after.maxInFlight(), after.fifo(), after.enabled(), disabledReason)))
                .map(rows -> map(rows.iterator().next()));
    }

    /** Deletes the endpoint (its deliveries, attempts, queue head and statistics cascade); what it was, or null. */
    public Uni<Endpoint> delete(SqlClient client, UUID ledgerId, UUID id) {
        return client.preparedQuery("DELETE FROM endpoints WHERE id = $1 AND ledger_id = $2 RETURNING " + COLUMNS)
                .execute(Tuple.of(id, ledgerId))
                .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
    }

    /** The endpoint's current signing secret as stored, the row locked; {@code null} when there is no such row. */
    public Uni<StoredSecret> lockSecret(SqlClient client, UUID ledgerId, UUID id) {
        return client.preparedQuery("SELECT secret, secret_enc, secret_key_version FROM endpoints"
                + " WHERE id = $1 AND ledger_id = $2 FOR NO KEY UPDATE")
                .execute(Tuple.of(id, ledgerId))
                .map(rows -> rows.size() == 0 ? null : storedSecret(rows.iterator().next()));
    }

    /**
     * Replaces the signing secret by {@code current}; the one it replaces ({@code previous}, sealed anew) keeps
     * signing for {@code overlap}. A previous secret still in its overlap is dropped.
     */
    public Uni<Endpoint> rotateSecret(SqlClient client, UUID ledgerId, UUID id, Sealed current, Sealed previous,
            Duration overlap) {
        return client.preparedQuery("UPDATE endpoints SET secret = NULL, secret_enc = $3, secret_key_version = $4,"
                + " previous_secret_enc = $5, previous_secret_key_version = $6,"
                + " previous_secret_expires_at = statement_timestamp() + make_interval(secs => $7), updated_at = now()"
                + " WHERE id = $1 AND ledger_id = $2 RETURNING " + COLUMNS)
                .execute(Tuple.from(Arrays.asList(id, ledgerId, Buffer.buffer(current.ciphertext()), current.version(),
                        Buffer.buffer(previous.ciphertext()), previous.version(), overlap.toMillis() / 1000.0)))
                .map(rows -> map(rows.iterator().next()));
    }

    public Uni<Endpoint> find(SqlClient client, UUID ledgerId, UUID id) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM endpoints WHERE id = $1 AND ledger_id = $2")
                .execute(Tuple.of(id, ledgerId))
                .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
    }

    /**
     * Endpoints of a ledger in creation order after {@code after} (from the start when {@code null});
     * fetches {@code limit + 1} rows (see {@link io.laas.web.pagination.PageRequest#page}).
     */
    public Uni<List<Endpoint>> list(SqlClient client, UUID ledgerId, CursorKey after, int limit) {
        Uni<RowSet<Row>> rows;
        if (after == null) {
            rows = client.preparedQuery("SELECT " + COLUMNS + " FROM endpoints WHERE ledger_id = $1"
                    + " ORDER BY created_at, id LIMIT $2")
                    .execute(Tuple.of(ledgerId, limit + 1));
        } else {
            rows = client.preparedQuery("SELECT " + COLUMNS + " FROM endpoints WHERE ledger_id = $1"
                    + " AND (created_at, id) > ($2, $3) ORDER BY created_at, id LIMIT $4")
                    .execute(Tuple.of(ledgerId, after.at().atOffset(ZoneOffset.UTC), after.id(), limit + 1));
        }
        return rows.map(set -> {
            List<Endpoint> result = new ArrayList<>(set.size());
            set.forEach(row -> result.add(map(row)));
            return result;
        });
    }

    /**
     * Disables the endpoints that are enabled, each with its reason ({@code disabled_reason}, for people) and
     * code ({@link DisabledEndpoint#GONE} or {@link DisabledEndpoint#FAILING}); returns those it disabled.
     */
    public Uni<List<DisabledEndpoint>> disable(SqlClient client, List<UUID> ids, List<String> reasons,
            List<String> codes) {
        return client.preparedQuery("UPDATE endpoints e SET enabled = false, disabled_reason = r.reason,"
                + " disabled_at = statement_timestamp(), updated_at = now()"
                + " FROM unnest($1::uuid[], $2::text[], $3::text[]) AS r(id, reason, code)"
                + " WHERE e.id = r.id AND e.enabled"
                + " RETURNING e.id, e.ledger_id, e.url, r.code, e.disabled_at, e.failing_since")
                .execute(Tuple.tuple().addArrayOfUUID(ids.toArray(UUID[]::new))
                        .addArrayOfString(reasons.toArray(String[]::new))
                        .addArrayOfString(codes.toArray(String[]::new)))
                .map(rows -> {
                    List<DisabledEndpoint> disabled = new ArrayList<>(rows.size());
                    rows.forEach(row -> disabled.add(new DisabledEndpoint(row.getUUID("id"), row.getUUID("ledger_id"),
                            row.getString("url"), row.getString("code"), instant(row.getOffsetDateTime("disabled_at")),
                            instant(row.getOffsetDateTime("failing_since")))));
                    return disabled;
                });
    }

    /**
     * What {@link #trackFailures} found: the enabled endpoints failing since the given period or longer (with their
     * {@code failing_since}), and those that were failing and succeeded again.
     */
    public record FailureTracking(Map<UUID, Instant> failingTooLong, List<UUID> recovered) {
    }

    /**
     * Keeps {@code failing_since} (the first failed attempt since the last success) of endpoints whose attempts
     * were just recorded: per endpoint, {@code restart} says a success came among them (the value becomes
     * {@code firstFailure}, the first failure after the last success, or NULL), else the value becomes
     * {@code COALESCE(failing_since, firstFailure)}. A row is written only when its value changes.
     */
    public Uni<FailureTracking> trackFailures(SqlClient client, List<UUID> ids, List<Boolean> restart,
            List<Instant> firstFailure, Duration failingFor) {
        OffsetDateTime[] since = firstFailure.stream()
                .map(at -> at == null ? null : at.atOffset(ZoneOffset.UTC)).toArray(OffsetDateTime[]::new);
        return client.preparedQuery("WITH r AS ("
                + "   SELECT r.id, CASE WHEN r.restart THEN r.since ELSE COALESCE(e.failing_since, r.since) END AS since,"
                + "     e.failing_since AS before, e.enabled"
                + "   FROM unnest($1::uuid[], $2::bool[], $3::timestamptz[]) AS r(id, restart, since)"
                + "   JOIN endpoints e ON e.id = r.id),"
                + " changed AS ("
                + "   UPDATE endpoints e SET failing_since = r.since FROM r"
                + "   WHERE e.id = r.id AND r.since IS DISTINCT FROM r.before)"
                + " SELECT id, since, since IS NULL AND before IS NOT NULL AS recovered FROM r"
                + " WHERE enabled AND (since <= statement_timestamp() - make_interval(secs => $4)"
                + "   OR (since IS NULL AND before IS NOT NULL))"
                + " ORDER BY id")
                .execute(Tuple.tuple().addArrayOfUUID(ids.toArray(UUID[]::new))
                        .addArrayOfBoolean(restart.toArray(Boolean[]::new))
                        .addArrayOfOffsetDateTime(since)
                        .addDouble(failingFor.toMillis() / 1000.0))
                .map(rows -> {
                    Map<UUID, Instant> failing = new LinkedHashMap<>();
                    List<UUID> recovered = new ArrayList<>();
                    for (Row row : rows) {
                        if (row.getBoolean("recovered")) {
                            recovered.add(row.getUUID("id"));
                        } else {
                            failing.put(row.getUUID("id"), instant(row.getOffsetDateTime("since")));
                        }
                    }
                    return new FailureTracking(failing, recovered);
                });
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    private static Endpoint map(Row row) {
        return map(row, null);
    }

    private static Endpoint map(Row row, String secret) {
        String[] types = row.getArrayOfStrings("event_types");
        return new Endpoint(
                row.getUUID("id"),
                row.getUUID("ledger_id"),
                row.getString("url"),
                row.getString("description"),
                secret,
                types == null ? List.of() : List.copyOf(Arrays.asList(types)),
                row.getBoolean("enabled"),
                row.getString("disabled_reason"),
                row.getOffsetDateTime("created_at").toInstant(),
                row.getOffsetDateTime("updated_at").toInstant(),
                headers(row.getString("headers")),
                row.getInteger("rate_limit"),
                row.getInteger("max_in_flight"),
                row.getBoolean("fifo"),
                instant(row.getOffsetDateTime("disabled_at")),
                instant(row.getOffsetDateTime("failing_since")),
                instant(row.getOffsetDateTime("previous_secret_expires_at")));
    }

    /** Custom headers as stored ({@code headers::text}), in their stored order. */
    public static Map<String, String> headers(String json) {
        if (json == null) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        new JsonObject(json).forEach(entry -> headers.put(entry.getKey(), String.valueOf(entry.getValue())));
        return Collections.unmodifiableMap(headers);
    }

    private static String headersJson(Map<String, String> headers) {
        JsonObject json = new JsonObject();
        headers.forEach(json::put);
        return json.encode();
    }
}
