package io.laas.iam.project.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.iam.project.Project;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Projects, always read and written within one organisation: another organisation's project is absent. */
@ApplicationScoped
public class ProjectRepository {

    private static final String COLUMNS = "id, organization_id, code, name, created_at, updated_at";

    /** Fails with the database's unique violation (23505) when the code is taken in the organisation. */
    public Uni<Project> insert(SqlClient client, UUID organizationId, String code, String name) {
        return client.preparedQuery("INSERT INTO projects (organization_id, code, name) VALUES ($1, $2, $3) "
                + "RETURNING " + COLUMNS)
                .execute(Tuple.of(organizationId, code, name))
                .map(rows -> toProject(rows.iterator().next()));
    }

    public Uni<List<Project>> listOf(SqlClient client, UUID organizationId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM projects WHERE organization_id = $1 ORDER BY code, id")
                .execute(Tuple.of(organizationId))
                .map(rows -> {
                    List<Project> projects = new ArrayList<>();
                    rows.forEach(row -> projects.add(toProject(row)));
                    return projects;
                });
    }

    public Uni<Optional<Project>> find(SqlClient client, UUID organizationId, UUID id) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM projects WHERE organization_id = $1 AND id = $2")
                .execute(Tuple.of(organizationId, id))
                .map(ProjectRepository::first);
    }

    /** Locks the project row for the rest of the caller's transaction. */
    public Uni<Optional<Project>> findForUpdate(SqlClient client, UUID organizationId, UUID id) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM projects WHERE organization_id = $1 AND id = $2 "
                + "FOR UPDATE")
                .execute(Tuple.of(organizationId, id))
                .map(ProjectRepository::first);
    }

    public Uni<Optional<Project>> rename(SqlClient client, UUID organizationId, UUID id, String name) {
        return client.preparedQuery("UPDATE projects SET name = $3, updated_at = NOW() "
                + "WHERE organization_id = $1 AND id = $2 RETURNING " + COLUMNS)
                .execute(Tuple.of(organizationId, id, name))
                .map(ProjectRepository::first);
    }

    public Uni<Long> countLedgers(SqlClient client, UUID projectId) {
        return client.preparedQuery("SELECT count(*) AS n FROM ledgers WHERE project_id = $1")
                .execute(Tuple.of(projectId))
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    public Uni<Long> countClients(SqlClient client, UUID projectId) {
        return client.preparedQuery("SELECT count(*) AS n FROM oauth_clients WHERE project_id = $1 AND revoked_at IS NULL")
                .execute(Tuple.of(projectId))
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    public Uni<Boolean> delete(SqlClient client, UUID organizationId, UUID id) {
        return client.preparedQuery("DELETE FROM projects WHERE organization_id = $1 AND id = $2")
                .execute(Tuple.of(organizationId, id))
                .map(rows -> rows.rowCount() == 1);
    }

    private static Optional<Project> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(toProject(rows.iterator().next()));
    }

    private static Project toProject(Row row) {
        return new Project(row.getUUID("id"), row.getUUID("organization_id"), row.getString("code"),
                row.getString("name"), row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"));
    }
}
