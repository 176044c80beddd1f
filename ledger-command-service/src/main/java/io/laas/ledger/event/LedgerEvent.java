package io.laas.ledger.event;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import io.laas.events.EventTypes;
import io.laas.web.tracing.TraceContext;
import io.vertx.core.json.JsonObject;

/**
 * A ledger event as stored in the event store and published on {@code outbox.event.ledger}. The
 * envelope is the payload of both; the event id is also the outbox id and the Kafka header {@code id}.
 * {@code epoch} is the epoch it is written in (a restore starts a new one, docs/operations.md "Backup and
 * restore"), {@code null} until {@link io.laas.ledger.event.service.EventLog} stamps it; {@code hash} links it to
 * the event before it ({@link EventChain}) and covers the epoch; it is {@code null} until linked. {@code traceparent}
 * is the trace context of the request that caused it ({@code null} outside a trace): it goes to the outbox row,
 * not into the envelope, and is no part of the hash.
 */
public record LedgerEvent(UUID id, UUID ledgerId, long sequence, String type, OffsetDateTime recordedAt,
        JsonObject data, Long epoch, String hash, String traceparent) {

    // the types this service writes, as the shared catalogue names them
    public static final String ACCOUNT_CREATED = EventTypes.ACCOUNT_CREATED;
    public static final String ACCOUNT_UPDATED = EventTypes.ACCOUNT_UPDATED;
    public static final String TRANSACTION_POSTED = EventTypes.TRANSACTION_POSTED;
    public static final String TRANSACTION_PENDING = EventTypes.TRANSACTION_PENDING;
    public static final String TRANSACTION_COMMITTED = EventTypes.TRANSACTION_COMMITTED;
    public static final String TRANSACTION_VOIDED = EventTypes.TRANSACTION_VOIDED;
    public static final String TRANSACTION_REVERSED = EventTypes.TRANSACTION_REVERSED;
    public static final String SCHEDULE_CREATED = EventTypes.SCHEDULE_CREATED;
    public static final String SCHEDULE_UPDATED = EventTypes.SCHEDULE_UPDATED;
    public static final String SCHEDULE_RUN_FAILED = EventTypes.SCHEDULE_RUN_FAILED;
    public static final String ASSET_DECLARED = EventTypes.ASSET_DECLARED;
    public static final String AGGREGATE_TYPE = "ledger";

    /** An event not linked to its ledger's chain yet, caused by the work of the current trace context. */
    public LedgerEvent(UUID id, UUID ledgerId, long sequence, String type, OffsetDateTime recordedAt, JsonObject data) {
        this(id, ledgerId, sequence, type, recordedAt, data, null, null, TraceContext.current());
    }

    public LedgerEvent inEpoch(long writtenIn) {
        return new LedgerEvent(id, ledgerId, sequence, type, recordedAt, data, writtenIn, hash, traceparent);
    }

    public LedgerEvent linked(String chainHash) {
        return new LedgerEvent(id, ledgerId, sequence, type, recordedAt, data, epoch, chainHash, traceparent);
    }

    /** The event as caused by the request of {@code requestTraceparent} (committed in a batch of several). */
    public LedgerEvent causedBy(String requestTraceparent) {
        return new LedgerEvent(id, ledgerId, sequence, type, recordedAt, data, epoch, hash, requestTraceparent);
    }

    public JsonObject envelope() {
        JsonObject envelope = new JsonObject()
                .put("event_id", id.toString())
                .put("event_type", type)
                .put("ledger_id", ledgerId.toString())
                .put("sequence", sequence)
                .put("recorded_at", timestamp(recordedAt))
                .put("data", data);
        if (epoch != null) {
            envelope.put("epoch", epoch);
        }
        return hash == null ? envelope : envelope.put(EventChain.HASH, hash);
    }

    /** RFC 3339 in UTC with the database's microsecond precision. */
    public static String timestamp(OffsetDateTime time) {
        return DateTimeFormatter.ISO_INSTANT.format(time.toInstant());
    }
}
