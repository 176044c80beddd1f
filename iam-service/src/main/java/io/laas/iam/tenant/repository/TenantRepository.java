package io.laas.iam.tenant.repository;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Writes of organisations, users, memberships and projects. Upserts never
 * move a row to another owner, and never undo a revocation: such a conflict is an error.
 */
@ApplicationScoped
public class TenantRepository {

    /** Serialises tenant provisioning across replicas for the rest of the caller's transaction. */
    public Uni<Void> lockProvisioning(SqlConnection conn) {
        return conn.query("SELECT pg_advisory_xact_lock(hashtext('laas.iam.tenants'))").execute().replaceWithVoid();
    }

    public Uni<Void> upsertOrganization(SqlConnection conn, UUID id, String name, boolean operator) {
        return conn.preparedQuery("INSERT INTO organizations (id, name, operator) VALUES ($1, $2, $3) "
                + "ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, operator = EXCLUDED.operator"
                + " WHERE (organizations.name, organizations.operator) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.operator)")
                .execute(Tuple.of(id, name, operator)).replaceWithVoid();
    }

    public Uni<Optional<String>> passwordHash(SqlClient client, UUID userId) {
        return client.preparedQuery("SELECT password_hash FROM users WHERE id = $1").execute(Tuple.of(userId))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.ofNullable(rows.iterator().next().getString("password_hash")));
    }

    public Uni<Void> upsertUser(SqlConnection conn, UUID id, String email, String passwordHash) {
        return conn.preparedQuery("INSERT INTO users (id, email, password_hash) VALUES ($1, $2, $3) "
                + "ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, password_hash = EXCLUDED.password_hash "
                + "WHERE (users.email, users.password_hash) IS DISTINCT FROM (EXCLUDED.email, EXCLUDED.password_hash)")
                .execute(Tuple.of(id, email, passwordHash)).replaceWithVoid();
    }

    public Uni<Void> upsertMembership(SqlConnection conn, UUID orgId, UUID userId, String role) {
        return conn.preparedQuery("INSERT INTO org_users (organization_id, user_id, role) VALUES ($1, $2, $3) "
                + "ON CONFLICT (organization_id, user_id) DO UPDATE SET role = EXCLUDED.role "
                + "WHERE org_users.role <> EXCLUDED.role")
                .execute(Tuple.of(orgId, userId, role)).replaceWithVoid();
    }

    public Uni<Void> upsertProject(SqlConnection conn, UUID id, UUID orgId, String code, String name) {
        return conn.preparedQuery("INSERT INTO projects (id, organization_id, code, name) VALUES ($1, $2, $3, $4) "
                + "ON CONFLICT (id) DO UPDATE SET code = EXCLUDED.code, name = EXCLUDED.name "
                + "WHERE projects.organization_id = EXCLUDED.organization_id RETURNING id")
                .execute(Tuple.of(id, orgId, code, name))
                .invoke(rows -> requireOwned(rows.size(), "project " + id + " belongs to another organization"))
                .replaceWithVoid();
    }

    /** Whether the organisation is the operator's own; false when it does not exist. */
    public Uni<Boolean> isOperator(SqlClient client, UUID orgId) {
        return client.preparedQuery("SELECT operator FROM organizations WHERE id = $1").execute(Tuple.of(orgId))
                .map(rows -> rows.size() == 1 && rows.iterator().next().getBoolean("operator"));
    }

    /** Fails when an upsert matched a row owned by someone else (it then returns no row). */
    public static void requireOwned(int rows, String message) {
        if (rows == 0) {
            throw new IllegalStateException(message);
        }
    }
}
