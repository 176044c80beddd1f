package io.laas.iam.people.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.iam.people.Invitation;
import io.laas.iam.people.Role;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Invitations, found by the hash of their token or within their organisation. */
@ApplicationScoped
public class InvitationRepository {

    private static final String COLUMNS = "id, organization_id, email, role, invited_by, created_at, expires_at, "
            + "accepted_at, accepted_by, revoked_at";

    /** A pending invitation of this address that has expired no longer holds its place (one pending per address). */
    public Uni<Void> retireExpired(SqlClient client, UUID organizationId, String email) {
        return client.preparedQuery("UPDATE invitations SET revoked_at = NOW() WHERE organization_id = $1 "
                + "AND lower(email) = lower($2) AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at <= NOW()")
                .execute(Tuple.of(organizationId, email))
                .replaceWithVoid();
    }

    /**
     * Fails with the database's unique violation (23505) when the address has a pending invitation.
     *
     * @param invitedBy the inviting person; a credential that is not a person of the organisation leaves it empty
     */
    public Uni<Invitation> insert(SqlClient client, UUID organizationId, String email, Role role, String tokenHash,
            UUID invitedBy, OffsetDateTime expiresAt) {
        return client.preparedQuery("INSERT INTO invitations (organization_id, email, role, token_hash, invited_by, expires_at) "
                + "VALUES ($1, $2, $3, $4, (SELECT user_id FROM org_users WHERE organization_id = $1 AND user_id = $5), $6) "
                + "RETURNING " + COLUMNS)
                .execute(Tuple.from(new Object[] { organizationId, email, role.value(), tokenHash, invitedBy, expiresAt }))
                .map(rows -> toInvitation(rows.iterator().next()));
    }

    public Uni<List<Invitation>> list(SqlClient client, UUID organizationId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM invitations WHERE organization_id = $1 "
                + "ORDER BY created_at DESC, id")
                .execute(Tuple.of(organizationId))
                .map(rows -> {
                    List<Invitation> list = new ArrayList<>();
                    rows.forEach(row -> list.add(toInvitation(row)));
                    return list;
                });
    }

    public Uni<Optional<Invitation>> findByTokenHash(SqlClient client, String tokenHash, boolean forUpdate) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM invitations WHERE token_hash = $1"
                + (forUpdate ? " FOR UPDATE" : ""))
                .execute(Tuple.of(tokenHash))
                .map(InvitationRepository::first);
    }

    public Uni<Optional<Invitation>> find(SqlClient client, UUID organizationId, UUID id, boolean forUpdate) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM invitations WHERE organization_id = $1 AND id = $2"
                + (forUpdate ? " FOR UPDATE" : ""))
                .execute(Tuple.of(organizationId, id))
                .map(InvitationRepository::first);
    }

    public Uni<Invitation> revoke(SqlClient client, UUID id) {
        return client.preparedQuery("UPDATE invitations SET revoked_at = NOW() WHERE id = $1 RETURNING " + COLUMNS)
                .execute(Tuple.of(id))
                .map(rows -> toInvitation(rows.iterator().next()));
    }

    public Uni<Void> accept(SqlClient client, UUID id, UUID userId) {
        return client.preparedQuery("UPDATE invitations SET accepted_at = NOW(), accepted_by = $2 WHERE id = $1")
                .execute(Tuple.of(id, userId))
                .replaceWithVoid();
    }

    private static Optional<Invitation> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(toInvitation(rows.iterator().next()));
    }

    private static Invitation toInvitation(Row row) {
        return new Invitation(row.getUUID("id"), row.getUUID("organization_id"), row.getString("email"),
                Role.parse(row.getString("role")).orElseThrow(), row.getUUID("invited_by"),
                row.getOffsetDateTime("created_at"), row.getOffsetDateTime("expires_at"),
                row.getOffsetDateTime("accepted_at"), row.getUUID("accepted_by"), row.getOffsetDateTime("revoked_at"));
    }
}
