package io.laas.webhook.delivery.repository;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.webhook.delivery.LedgerEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

@ApplicationScoped
public class MessageRepository {

    /** Stores the event once; returns {@code false} when its id was already stored (a redelivered record). */
    public Uni<Boolean> insertIfAbsent(SqlClient client, LedgerEvent event) {
        // $4::text so the client sends the JSON text as is (a String bound to jsonb would be sent as a JSON string).
        return client.preparedQuery("INSERT INTO messages (id, ledger_id, event_type, payload, created_at)"
                + " VALUES ($1, $2, $3, $4::text::jsonb, now()) ON CONFLICT (id) DO NOTHING")
                .execute(Tuple.of(event.eventId(), event.ledgerId(), event.eventType(), event.payload()))
                .map(rows -> rows.rowCount() > 0);
    }
}
