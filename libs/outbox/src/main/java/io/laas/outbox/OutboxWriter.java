package io.laas.outbox;

import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Appends events to the outbox inside the caller's database transaction, so that an event exists if
 * and only if the change that produced it committed.
 */
@ApplicationScoped
public class OutboxWriter {

    static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    private final boolean deleteAfterWrite;
    private final String insert;
    private final String delete;

    public OutboxWriter(OutboxConfig config) {
        String table = checkedTable(config.table());
        this.deleteAfterWrite = config.writer().deleteAfterWrite();
        // The payload is bound as text and cast: the PG client would encode a String bound to a jsonb
        // parameter as a JSON string literal instead of the document it contains.
        this.insert = "INSERT INTO " + table + " (id, aggregatetype, aggregateid, type, payload, traceparent)"
                + " VALUES ($1, $2, $3, $4, $5::text::jsonb, $6)";
        this.delete = "DELETE FROM " + table + " WHERE id = $1";
    }

    public Uni<Void> append(SqlConnection conn, OutboxEvent event) {
        return appendAll(conn, List.of(event));
    }

    public Uni<Void> appendAll(SqlConnection conn, List<OutboxEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = events.stream()
                .map(e -> Tuple.of(e.id(), e.aggregateType(), e.aggregateId(), e.type(), e.payload(), e.traceparent()))
                .toList();
        Uni<Void> inserted = conn.preparedQuery(insert).executeBatch(rows).replaceWithVoid();
        if (!deleteAfterWrite) {
            return inserted;
        }
        List<Tuple> ids = events.stream().map(e -> Tuple.of(e.id())).toList();
        return inserted.chain(() -> conn.preparedQuery(delete).executeBatch(ids)).replaceWithVoid();
    }

    static String checkedTable(String table) {
        if (!TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("laas.outbox.table is not a plain table name: " + table);
        }
        return table;
    }
}
