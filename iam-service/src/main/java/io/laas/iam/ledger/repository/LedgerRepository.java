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

    private static final String COLUMNS = "id, project_id, code, name, currency, created_at, updated_at, archived_at";

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

    /** Fails with the database's unique violation (23505) when the code is taken in the project. */
    public Uni<Ledger> insert(SqlClient client, UUID projectId, String code, String name, String currency) {
        return client.preparedQuery("INSERT INTO ledgers (project_id, code, name, currency) VALUES ($1, $2, $3, $4) "
                + "RETURNING " + COLUMNS)
                .execute(Tuple.of(projectId, code, name, currency))
                .map(rows -> toLedger(rows.iterator().next()));
    }

    /** The ledgers of a project, ordered by code, archived ones included. */
    public Uni<List<Ledger>> listOfProject(SqlClient client, UUID projectId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM ledgers WHERE project_id = $1 ORDER BY code, id")
                .execute(Tuple.of(projectId))
                .map(rows -> {
                    List<Ledger> ledgers = new ArrayList<>();
                    rows.forEach(row -> ledgers.add(toLedger(row)));
                    return ledgers;
                });
    }

    /** The ledger if it belongs to a project of the organisation; locked for the caller's transaction if asked. */
    public Uni<Optional<Ledger>> findInOrganization(SqlClient client, UUID organizationId, UUID id, boolean forUpdate) {
        return client.preparedQuery("SELECT " + prefixed("l") + " FROM ledgers l JOIN projects p ON p.id = l.project_id "
                + "WHERE l.id = $1 AND p.organization_id = $2" + (forUpdate ? " FOR UPDATE OF l" : ""))
                .execute(Tuple.of(id, organizationId))
                .map(LedgerRepository::first);
    }

    /** A ledger with the organisation that owns it (through its project). */
    public record Registered(Ledger ledger, UUID organizationId) {
    }

    /** The ledger with its organisation, whatever the organisation; empty when no ledger has this id. */
    public Uni<Optional<Registered>> findRegistered(SqlClient client, UUID id) {
        return client.preparedQuery("SELECT " + prefixed("l") + ", p.organization_id FROM ledgers l "
                + "JOIN projects p ON p.id = l.project_id WHERE l.id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next())
                        .map(row -> new Registered(toLedger(row), row.getUUID("organization_id"))));
    }

    public Uni<Ledger> rename(SqlClient client, UUID id, String name) {
        return client.preparedQuery("UPDATE ledgers SET name = $2, updated_at = NOW() WHERE id = $1 RETURNING " + COLUMNS)
                .execute(Tuple.of(id, name))
                .map(rows -> toLedger(rows.iterator().next()));
    }

    public Uni<Ledger> archive(SqlClient client, UUID id) {
        return client.preparedQuery("UPDATE ledgers SET archived_at = NOW(), updated_at = NOW() WHERE id = $1 "
                + "RETURNING " + COLUMNS)
                .execute(Tuple.of(id))
                .map(rows -> toLedger(rows.iterator().next()));
    }

    /** The ids of every ledger of the organisation, archived ones included (they can still be read). */
    public Uni<List<UUID>> idsOfOrganization(SqlClient client, UUID organizationId) {
        return client.preparedQuery("SELECT l.id FROM ledgers l JOIN projects p ON p.id = l.project_id "
                + "WHERE p.organization_id = $1 ORDER BY l.id")
                .execute(Tuple.of(organizationId))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getUUID("id")));
                    return ids;
                });
    }

    private static String prefixed(String alias) {
        return java.util.Arrays.stream(COLUMNS.split(", ")).map(c -> alias + "." + c)
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private static Optional<Ledger> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(toLedger(rows.iterator().next()));
    }

    private static Ledger toLedger(Row row) {
        return new Ledger(row.getUUID("id"), row.getUUID("project_id"), row.getString("code"), row.getString("name"),
                row.getString("currency"), row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"),
                row.getOffsetDateTime("archived_at"));
    }
}
