package io.laas.webhook.delivery.repository;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.webhook.delivery.AttemptOutcome;
import io.laas.webhook.delivery.ClaimedDelivery;
import io.laas.webhook.delivery.DeliveryStatus;
import io.laas.webhook.delivery.StoredMessage;
import io.laas.webhook.endpoint.StoredSecret;
import io.laas.webhook.endpoint.repository.EndpointRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

@ApplicationScoped
public class DeliveryRepository {

    /** Deliveries waiting in the database: all pending ones, and those of them due now. */
    public record QueueDepth(long pending, long due) {
    }

    /**
     * Whether an endpoint subscribes to the message's type ({@code m.event_type}): an endpoint without event types
     * subscribes to every type; a pattern is a type, {@code *}, or a prefix ending in {@code .*}
     * ({@code transaction.*} matches {@code transaction.posted}).
     */
    public static final String SUBSCRIBES = "(cardinality(e.event_types) = 0 OR EXISTS ("
            + "SELECT 1 FROM unnest(e.event_types) AS t(pattern) WHERE t.pattern = m.event_type OR t.pattern = '*'"
            + " OR (right(t.pattern, 2) = '.*' AND starts_with(m.event_type, left(t.pattern, -1)))))";

    /**
     * The timestamp of a message {@code m} as the body of its webhook carries it: the envelope's recorded_at as
     * written, else the time the message was received.
     */
    public static final String RECORDED_AT = "COALESCE(m.payload ->> 'recorded_at', to_char(m.created_at AT TIME ZONE"
            + " 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'))";

    /**
     * Creates, in one statement, a pending delivery due now for every enabled endpoint of each message's
     * ledger that subscribes to its type ({@link #SUBSCRIBES}). Returns the endpoint of every delivery created.
     */
    public Uni<List<UUID>> createForMessages(SqlClient client, List<StoredMessage> messages) {
        int size = messages.size();
        UUID[] ids = new UUID[size];
        UUID[] ledgers = new UUID[size];
        String[] types = new String[size];
        Long[] positions = new Long[size];
        for (int i = 0; i < size; i++) {
            ids[i] = messages.get(i).id();
            ledgers[i] = messages.get(i).ledgerId();
            types[i] = messages.get(i).eventType();
            positions[i] = messages.get(i).position();
        }
        return client.preparedQuery("INSERT INTO deliveries (id, message_id, endpoint_id, status, attempts,"
                + " next_attempt_at, created_at, ledger_id, position)"
                + " SELECT gen_random_uuid(), m.id, e.id, 'pending', 0, now(), now(), e.ledger_id, m.position"
                + " FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int8[]) AS m(id, ledger_id, event_type, position)"
                + " JOIN endpoints e ON e.ledger_id = m.ledger_id AND e.enabled AND " + SUBSCRIBES
                + " ON CONFLICT (message_id, endpoint_id) DO NOTHING"
                + " RETURNING endpoint_id")
                .execute(Tuple.tuple().addArrayOfUUID(ids).addArrayOfUUID(ledgers).addArrayOfString(types)
                        .addArrayOfLong(positions))
                .map(rows -> {
                    List<UUID> endpoints = new ArrayList<>(rows.size());
                    rows.forEach(row -> endpoints.add(row.getUUID("endpoint_id")));
                    return endpoints;
                });
    }

    /**
     * Creates a pending delivery due now of the message to one endpoint of its ledger, whatever the endpoint
     * subscribes to (a test message, a resend to an endpoint that had none); nothing when it has one already.
     * Whether it created one.
     */
    public Uni<Boolean> createForEndpoint(SqlClient client, StoredMessage message, UUID endpointId) {
        return client.preparedQuery("INSERT INTO deliveries (id, message_id, endpoint_id, status, attempts,"
                + " next_attempt_at, created_at, ledger_id, position)"
                + " SELECT gen_random_uuid(), $1, e.id, 'pending', 0, now(), now(), e.ledger_id, $3"
                + " FROM endpoints e WHERE e.id = $2 AND e.ledger_id = $4"
                + " ON CONFLICT (message_id, endpoint_id) DO NOTHING")
                .execute(Tuple.of(message.id(), endpointId, message.position(), message.ledgerId()))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Claims, for the given endpoints (whose queue rows the caller holds locked), their oldest due
     * deliveries, at most {@code limit} in all, leased to {@code holder}. An endpoint's cap is its
     * {@code max_in_flight} bounded by {@code perEndpointCap} (1 in strict FIFO mode). Per endpoint it claims up
     * to {@code leaseLimits[i]} (or the cap, if more) minus the leases {@code holder} already has while no other
     * holder has any of the endpoint's leases, and otherwise no more than the cap minus every live lease: so
     * whoever holds an endpoint's leases, at most its cap of attempts can be in flight. Besides:
     * <ul>
     * <li>nothing for an endpoint throttled until later ({@code endpoint_queues.throttled_until});</li>
     * <li>for a rate-limited endpoint, no more than the tokens of its bucket ({@code endpoint_queues.tokens},
     * refilled at {@code rate_limit} per second up to one second's worth), which the claim spends;</li>
     * <li>for a strict-FIFO endpoint, only its first pending delivery in {@code position} order, when it is due
     * (not while it waits for a retry or is in flight), and never ahead.</li>
     * </ul>
     * Each claimed delivery is leased from now on: {@code next_attempt_at} moves to the end of the lease,
     * so it is due again if its holder dies before recording it.
     */
    public Uni<List<ClaimedDelivery>> claimDue(SqlClient client, List<UUID> endpointIds, List<Integer> leaseLimits,
            int perEndpointCap, int limit, Duration lease, UUID holder) {
        return client.preparedQuery("WITH q AS ("
                + "   SELECT q.endpoint_id, q.lease_limit, e.fifo, e.rate_limit,"
                + "     CASE WHEN e.fifo THEN 1 ELSE LEAST(COALESCE(e.max_in_flight, $3), $3) END AS cap,"
                + "     CASE WHEN e.rate_limit IS NOT NULL THEN LEAST(e.rate_limit::float8, COALESCE(eq.tokens, e.rate_limit)"
                + "       + e.rate_limit * GREATEST(COALESCE(extract(epoch FROM statement_timestamp() - eq.tokens_at)::float8,"
                + "         0), 0)) END AS tokens,"
                + "     COALESCE(eq.throttled_until > statement_timestamp(), false) AS throttled"
                + "   FROM unnest($1::uuid[], $2::int[]) AS q(endpoint_id, lease_limit)"
                + "   JOIN endpoints e ON e.id = q.endpoint_id"
                + "   LEFT JOIN endpoint_queues eq ON eq.endpoint_id = q.endpoint_id),"
                + " held AS ("
                + "   SELECT endpoint_id, count(*) FILTER (WHERE leased_by = $6)::int AS mine,"
                + "     count(*) FILTER (WHERE leased_by IS DISTINCT FROM $6)::int AS others FROM deliveries"
                + "   WHERE endpoint_id = ANY ($1) AND lease_expires_at IS NOT NULL"
                + "     AND lease_expires_at > statement_timestamp() AND status = 'pending'"
                + "   GROUP BY endpoint_id),"
                + " slots AS ("
                + "   SELECT q.endpoint_id, q.fifo, CASE WHEN q.throttled THEN 0 ELSE GREATEST(LEAST("
                + "     CASE WHEN COALESCE(h.others, 0) = 0 AND NOT q.fifo"
                + "       THEN GREATEST(q.lease_limit, q.cap) - COALESCE(h.mine, 0)"
                + "       ELSE q.cap - COALESCE(h.mine, 0) - COALESCE(h.others, 0) END,"
                + "     COALESCE(floor(q.tokens)::int, 2147483647)), 0) END AS n"
                + "   FROM q LEFT JOIN held h ON h.endpoint_id = q.endpoint_id),"
                + " picked AS ("
                + "   SELECT due.id, due.endpoint_id, due.next_attempt_at FROM slots s"
                + "   CROSS JOIN LATERAL ("
                + "     (SELECT d.id, d.endpoint_id, d.next_attempt_at FROM deliveries d"
                + "      WHERE NOT s.fifo AND d.endpoint_id = s.endpoint_id AND d.status = 'pending'"
                + "        AND d.next_attempt_at <= statement_timestamp()"
                + "      ORDER BY d.next_attempt_at LIMIT s.n)"
                + "     UNION ALL"
                + "     (SELECT head.id, head.endpoint_id, head.next_attempt_at FROM ("
                + "        SELECT d.id, d.endpoint_id, d.next_attempt_at FROM deliveries d"
                + "        WHERE s.fifo AND d.endpoint_id = s.endpoint_id AND d.status = 'pending'"
                + "        ORDER BY d.position LIMIT 1) head"
                + "      WHERE s.n > 0 AND head.next_attempt_at <= statement_timestamp())) due"
                + "   ORDER BY due.next_attempt_at"
                + "   LIMIT $4),"
                + " spent AS ("
                + "   UPDATE endpoint_queues eq SET tokens_at = statement_timestamp(),"
                + "     tokens = q.tokens - (SELECT count(*) FROM picked p WHERE p.endpoint_id = q.endpoint_id)"
                + "   FROM q WHERE eq.endpoint_id = q.endpoint_id AND q.rate_limit IS NOT NULL)"
                + " UPDATE deliveries d"
                + " SET next_attempt_at = statement_timestamp() + make_interval(secs => $5),"
                + "     lease_expires_at = statement_timestamp() + make_interval(secs => $5),"
                + "     leased_by = $6"
                + " FROM picked JOIN q ON q.endpoint_id = picked.endpoint_id, messages m, endpoints e"
                + " WHERE d.id = picked.id AND d.status = 'pending' AND d.next_attempt_at <= statement_timestamp()"
                + "   AND m.id = d.message_id AND e.id = d.endpoint_id"
                + " RETURNING d.id, d.message_id, d.endpoint_id, d.attempts, m.event_type, m.payload::text AS payload,"
                + " " + RECORDED_AT + " AS recorded_at,"
                // Converted only when it is an RFC 3339 timestamp, so an odd value cannot fail the claim.
                + " CASE WHEN m.payload ->> 'recorded_at'"
                + "   ~ '^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?(Z|[+-]\\d\\d:\\d\\d)$'"
                + "   THEN (m.payload ->> 'recorded_at')::timestamptz END AS recorded_at_time,"
                + " e.url, e.secret, e.secret_enc, e.secret_key_version, e.enabled, d.round_start,"
                + " e.headers::text AS headers,"
                + " CASE WHEN e.previous_secret_expires_at > statement_timestamp() THEN e.previous_secret_enc END"
                + "   AS previous_secret_enc, e.previous_secret_key_version,"
                + " q.cap AS max_in_flight, e.fifo, e.failing_since IS NOT NULL AS failing, m.traceparent")
                .execute(Tuple.tuple()
                        .addArrayOfUUID(endpointIds.toArray(UUID[]::new))
                        .addArrayOfInteger(leaseLimits.toArray(Integer[]::new))
                        .addInteger(perEndpointCap)
                        .addInteger(limit)
                        .addDouble(lease.toMillis() / 1000.0)
                        .addUUID(holder))
                .map(rows -> {
                    List<ClaimedDelivery> claimed = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        claimed.add(new ClaimedDelivery(
                                row.getUUID("id"),
                                row.getUUID("message_id"),
                                row.getUUID("endpoint_id"),
                                row.getInteger("attempts"),
                                row.getString("event_type"),
                                row.getString("payload"),
                                row.getString("recorded_at"),
                                instant(row.getOffsetDateTime("recorded_at_time")),
                                row.getString("url"),
                                EndpointRepository.storedSecret(row),
                                row.getBoolean("enabled"),
                                row.getInteger("round_start"),
                                EndpointRepository.headers(row.getString("headers")),
                                previousSecret(row),
                                row.getInteger("max_in_flight"),
                                row.getBoolean("fifo"),
                                row.getBoolean("failing"),
                                row.getString("traceparent")));
                    }
                    return claimed;
                });
    }

    /**
     * Records the outcomes in one statement and ends their leases. An outcome of attempt {@code n} only
     * applies while its delivery is pending with {@code n - 1} attempts, so an attempt that outlived its
     * lease (and was made again elsewhere) cannot be recorded twice. Returns the deliveries it applied to.
     */
    public Uni<Set<UUID>> recordOutcomes(SqlClient client, List<AttemptOutcome> outcomes) {
        int size = outcomes.size();
        UUID[] ids = new UUID[size];
        Integer[] attemptNumbers = new Integer[size];
        Boolean[] attempted = new Boolean[size];
        String[] statuses = new String[size];
        Double[] delays = new Double[size];
        for (int i = 0; i < size; i++) {
            AttemptOutcome outcome = outcomes.get(i);
            ids[i] = outcome.delivery().id();
            attemptNumbers[i] = outcome.attemptNumber();
            attempted[i] = outcome.attempted();
            statuses[i] = outcome.status().sql();
            delays[i] = outcome.nextDelay() == null ? null : outcome.nextDelay().toMillis() / 1000.0;
        }
        return client.preparedQuery("UPDATE deliveries d SET status = r.status,"
                + " attempts = CASE WHEN r.attempted THEN r.attempt_number ELSE d.attempts END,"
                + " last_attempt_at = CASE WHEN r.attempted THEN now() ELSE d.last_attempt_at END,"
                + " next_attempt_at = CASE WHEN r.status = 'pending' THEN now() + make_interval(secs => r.delay) END,"
                + " lease_expires_at = NULL, leased_by = NULL"
                + " FROM unnest($1::uuid[], $2::int[], $3::bool[], $4::text[], $5::float8[])"
                + "   AS r(id, attempt_number, attempted, status, delay)"
                + " WHERE d.id = r.id AND d.attempts = r.attempt_number - 1 AND d.status = 'pending'"
                + " RETURNING d.id")
                .execute(Tuple.tuple().addArrayOfUUID(ids).addArrayOfInteger(attemptNumbers)
                        .addArrayOfBoolean(attempted).addArrayOfString(statuses).addArrayOfDouble(delays))
                .map(rows -> {
                    Set<UUID> applied = new HashSet<>();
                    rows.forEach(row -> applied.add(row.getUUID("id")));
                    return applied;
                });
    }

    private static StoredSecret previousSecret(Row row) {
        var sealed = row.getBuffer("previous_secret_enc");
        return sealed == null ? null
                : new StoredSecret(sealed.getBytes(), row.getInteger("previous_secret_key_version"), null);
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    /**
     * Makes every pending delivery of the endpoints that waits for a retry due now (not those in flight under a
     * live lease): their endpoints answer again, so the backlog left by their outage goes at the dispatcher's
     * pace rather than at the retry schedule's. Returns how many.
     */
    public Uni<Integer> retryNowOfEndpoints(SqlClient client, List<UUID> endpointIds) {
        return client.preparedQuery("UPDATE deliveries SET next_attempt_at = statement_timestamp()"
                + " WHERE endpoint_id = ANY ($1) AND status = 'pending' AND next_attempt_at > statement_timestamp()"
                + "   AND (lease_expires_at IS NULL OR lease_expires_at <= statement_timestamp())")
                .execute(Tuple.tuple().addArrayOfUUID(endpointIds.toArray(UUID[]::new)))
                .map(rows -> rows.rowCount());
    }

    /** Fails every pending delivery of the endpoints; returns how many. */
    public Uni<Integer> failPendingOfEndpoints(SqlClient client, List<UUID> endpointIds) {
        return client.preparedQuery("UPDATE deliveries SET status = '" + DeliveryStatus.FAILED.sql() + "',"
                + " next_attempt_at = NULL, lease_expires_at = NULL, leased_by = NULL"
                + " WHERE endpoint_id = ANY ($1) AND status = 'pending'")
                .execute(Tuple.tuple().addArrayOfUUID(endpointIds.toArray(UUID[]::new)))
                .map(rows -> rows.rowCount());
    }

    public Uni<QueueDepth> queueDepth(SqlClient client) {
        return client.query("SELECT count(*) AS pending, count(*) FILTER (WHERE next_attempt_at <= now()) AS due"
                + " FROM deliveries WHERE status = 'pending'")
                .execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new QueueDepth(row.getLong("pending"), row.getLong("due"));
                });
    }
}
