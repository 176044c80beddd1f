package io.laas.iam.ledger.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.iam.ledger.Ledger;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

@ApplicationScoped
public class LedgerRepository {

    private static final String COLUMNS = "id, project_id, code, name, currency, created_at";

    /** Inserts the ledger unless its id exists; returns the new row, or empty when it already existed. */
    public Uni<Optional<Ledger>> insertIfAbsent(SqlClient client, UUID id, UUID projectId, String code, String name,
            String currency) {
        return client.preparedQuery("INSERT INTO ledgers (id, project_id, code, name, currency) "
                + "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING RETURNING " + COLUMNS)
                .execute(Tuple.of(id, projectId, code, name, currency))
                .map(LedgerRepository::first);
    }

    public Uni<Optional<Ledger>> findById(SqlClient client, UUID id) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM ledgers WHERE id = $1")
                .execute(Tuple.of(id))
                .map(LedgerRepository::first);
    }

    /** The ledgers among {@code ids}, restricted to one project when {@code projectId} is given. */
    public Uni<List<Ledger>> findByIds(SqlClient client, List<UUID> ids, UUID projectId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM ledgers "
                + "WHERE id = ANY($1) AND ($2::uuid IS NULL OR project_id = $2) ORDER BY code, id")
                .execute(Tuple.of(ids.toArray(UUID[]::new), projectId))
                .map(rows -> {
                    List<Ledger> ledgers = new ArrayList<>();
                    rows.forEach(row -> ledgers.add(toLedger(row)));
                    return ledgers;
                });
    }

    /** Ledgers of a project named by code or by id. */
    public Uni<List<Ledger>> findInProject(SqlClient client, UUID projectId, List<String> codesOrIds) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM ledgers "
                + "WHERE project_id = $1 AND (code = ANY($2) OR id::text = ANY($2)) ORDER BY id")
                .execute(Tuple.of(projectId, codesOrIds.toArray(String[]::new)))
                .map(rows -> {
                    List<Ledger> ledgers = new ArrayList<>();
                    rows.forEach(row -> ledgers.add(toLedger(row)));
                    return ledgers;
                });
    }

    private static Optional<Ledger> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(toLedger(rows.iterator().next()));
    }

    private static Ledger toLedger(Row row) {
        return new Ledger(row.getUUID("id"), row.getUUID("project_id"), row.getString("code"), row.getString("name"),
                row.getString("currency"), row.getOffsetDateTime("created_at"));
    }
}
