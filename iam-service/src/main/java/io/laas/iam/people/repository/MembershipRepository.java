package io.laas.iam.people.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.iam.people.Member;
import io.laas.iam.people.Membership;
import io.laas.iam.people.Role;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Organisations created by sign-up, and who belongs to an organisation with which role ({@code org_users}). */
@ApplicationScoped
public class MembershipRepository {

    private static final String MEMBER = "SELECT m.user_id, u.email, m.role, m.created_at FROM org_users m "
            + "JOIN users u ON u.id = m.user_id ";

    public Uni<UUID> insertOrganization(SqlClient client, String name) {
        return client.preparedQuery("INSERT INTO organizations (name) VALUES ($1) RETURNING id")
                .execute(Tuple.of(name))
                .map(rows -> rows.iterator().next().getUUID("id"));
    }

    public Uni<Optional<String>> organizationName(SqlClient client, UUID organizationId) {
        return client.preparedQuery("SELECT name FROM organizations WHERE id = $1")
                .execute(Tuple.of(organizationId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString("name")));
    }

    /** Serialises changes of the organisation's members (the last owner stays) for the caller's transaction. */
    public Uni<Boolean> lockOrganization(SqlClient client, UUID organizationId) {
        return client.preparedQuery("SELECT id FROM organizations WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(organizationId))
                .map(rows -> rows.size() == 1);
    }

    /** False when the person is a member already. */
    public Uni<Boolean> insert(SqlClient client, UUID organizationId, UUID userId, Role role) {
        return client.preparedQuery("INSERT INTO org_users (organization_id, user_id, role) VALUES ($1, $2, $3) "
                + "ON CONFLICT (organization_id, user_id) DO NOTHING")
                .execute(Tuple.of(organizationId, userId, role.value()))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<List<Member>> list(SqlClient client, UUID organizationId) {
        return client.preparedQuery(MEMBER + "WHERE m.organization_id = $1 ORDER BY lower(u.email), m.user_id")
                .execute(Tuple.of(organizationId))
                .map(rows -> {
                    List<Member> members = new ArrayList<>();
                    rows.forEach(row -> members.add(toMember(row)));
                    return members;
                });
    }

    public Uni<Optional<Member>> find(SqlClient client, UUID organizationId, UUID userId) {
        return client.preparedQuery(MEMBER + "WHERE m.organization_id = $1 AND m.user_id = $2")
                .execute(Tuple.of(organizationId, userId))
                .map(MembershipRepository::first);
    }

    /** The organisation a person signs in to when they name none: the one they joined first. */
    public Uni<Optional<UUID>> firstOrganization(SqlClient client, UUID userId) {
        return client.preparedQuery("SELECT organization_id FROM org_users WHERE user_id = $1 "
                + "ORDER BY created_at, organization_id LIMIT 1")
                .execute(Tuple.of(userId))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(rows.iterator().next().getUUID("organization_id")));
    }

    /** The organisations a person belongs to, by name. */
    public Uni<List<Membership>> organizationsOf(SqlClient client, UUID userId) {
        return client.preparedQuery("SELECT o.id, o.name, m.role, m.created_at FROM org_users m "
                + "JOIN organizations o ON o.id = m.organization_id WHERE m.user_id = $1 ORDER BY lower(o.name), o.id")
                .execute(Tuple.of(userId))
                .map(rows -> {
                    List<Membership> memberships = new ArrayList<>();
                    rows.forEach(row -> memberships.add(new Membership(row.getUUID("id"), row.getString("name"),
                            Role.parse(row.getString("role")).orElseThrow(), row.getOffsetDateTime("created_at"))));
                    return memberships;
                });
    }

    public Uni<Long> countOwners(SqlClient client, UUID organizationId) {
        return client.preparedQuery("SELECT count(*) AS n FROM org_users WHERE organization_id = $1 AND role = 'owner'")
                .execute(Tuple.of(organizationId))
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    public Uni<Void> updateRole(SqlClient client, UUID organizationId, UUID userId, Role role) {
        return client.preparedQuery("UPDATE org_users SET role = $3 WHERE organization_id = $1 AND user_id = $2")
                .execute(Tuple.of(organizationId, userId, role.value()))
                .replaceWithVoid();
    }

    public Uni<Void> delete(SqlClient client, UUID organizationId, UUID userId) {
        return client.preparedQuery("DELETE FROM org_users WHERE organization_id = $1 AND user_id = $2")
                .execute(Tuple.of(organizationId, userId))
                .replaceWithVoid();
    }

    private static Optional<Member> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(toMember(rows.iterator().next()));
    }

    private static Member toMember(Row row) {
        return new Member(row.getUUID("user_id"), row.getString("email"),
                Role.parse(row.getString("role")).orElseThrow(), row.getOffsetDateTime("created_at"));
    }
}
