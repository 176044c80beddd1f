package io.laas.webhook.delivery.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.web.tracing.TraceContext;
import io.laas.webhook.delivery.LedgerEvent;
import io.laas.webhook.delivery.StoredMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

@ApplicationScoped
public class MessageRepository {

    /**
     * Stores the events in one statement, each once: an event whose id was stored before (a redelivered
     * record) is skipped. Returns the messages that were new.
     */
    public Uni<List<StoredMessage>> insertNew(SqlClient client, List<LedgerEvent> events) {
        int size = events.size();
        var ids = new UUID[size];
        var ledgers = new UUID[size];
        var types = new String[size];
        var payloads = new String[size];
        var traceparents = new String[size];
        for (int i = 0; i < size; i++) {
            LedgerEvent event = events.get(i);
            ids[i] = event.eventId();
            ledgers[i] = event.ledgerId();
            types[i] = event.eventType();
            payloads[i] = event.payload();
            traceparents[i] = event.traceparent();
        }
        // In the batch's order, so that positions follow the order the events were consumed in.
        return client.preparedQuery("INSERT INTO messages (id, ledger_id, event_type, payload, traceparent, created_at)"
                + " SELECT e.id, e.ledger_id, e.event_type, e.payload::jsonb, e.traceparent, now()"
                + " FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY"
                + "   AS e(id, ledger_id, event_type, payload, traceparent, ord)"
                + " ORDER BY e.ord"
                + " ON CONFLICT (id) DO NOTHING"
                + " RETURNING id, ledger_id, event_type, position")
                .execute(Tuple.tuple().addArrayOfUUID(ids).addArrayOfUUID(ledgers).addArrayOfString(types)
                        .addArrayOfString(payloads).addArrayOfString(traceparents))
                .map(rows -> {
                    List<StoredMessage> stored = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        stored.add(map(row));
                    }
                    return stored;
                });
    }

    /**
     * Stores a message that the webhook service itself emits for a ledger (an operational event such as
     * {@code endpoint.disabled} or {@code webhook.test}); {@code payload} is its envelope JSON. Its deliveries
     * continue the current trace, if any.
     */
    public Uni<StoredMessage> insertOperational(SqlClient client, UUID id, UUID ledgerId, String eventType,
            String payload) {
        return client.preparedQuery("INSERT INTO messages (id, ledger_id, event_type, payload, traceparent, created_at)"
                // ::text first: a String bound to a jsonb parameter would be stored as a JSON string
                + " VALUES ($1, $2, $3, $4::text::jsonb, $5, now()) RETURNING id, ledger_id, event_type, position")
                .execute(Tuple.of(id, ledgerId, eventType, payload, TraceContext.current()))
                .map(rows -> map(rows.iterator().next()));
    }

    private static StoredMessage map(Row row) {
        return new StoredMessage(row.getUUID("id"), row.getUUID("ledger_id"), row.getString("event_type"),
                row.getLong("position"));
    }
}
