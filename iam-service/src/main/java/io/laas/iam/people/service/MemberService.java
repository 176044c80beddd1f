package io.laas.iam.people.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.iam.audit.Initiator;
import io.laas.iam.audit.service.AuditLog;
import io.laas.iam.people.Member;
import io.laas.iam.people.Role;
import io.laas.iam.people.repository.MembershipRepository;
import io.laas.iam.session.repository.SessionRepository;
import io.laas.web.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The members of an organisation. Changes are serialised per organisation (its row is locked), so two
 * owners demoting or removing each other at once still leave one owner.
 */
@ApplicationScoped
public class MemberService {

    private static final String TARGET = "member";
    public static final String MEMBER_NOT_FOUND = "MEMBER_NOT_FOUND";
    public static final String LAST_OWNER = "LAST_OWNER";

    private final Pool pool;
    private final MembershipRepository memberships;
    private final SessionRepository sessions;
    private final AuditLog audit;

    public MemberService(Pool pool, MembershipRepository memberships, SessionRepository sessions, AuditLog audit) {
        this.pool = pool;
        this.memberships = memberships;
        this.sessions = sessions;
        this.audit = audit;
    }

    public Uni<List<Member>> list(UUID organizationId) {
        return memberships.list(pool, organizationId);
    }

    /** 404 MEMBER_NOT_FOUND, 409 LAST_OWNER when the only owner would stop being one. */
    public Uni<Member> changeRole(Initiator by, UUID organizationId, UUID userId, Role role) {
        return pool.withTransaction(conn -> lockedMember(conn, organizationId, userId)
                .call(member -> member.role() == Role.OWNER && role != Role.OWNER
                        ? requireAnotherOwner(conn, organizationId)
                        : Uni.createFrom().voidItem())
                .call(member -> memberships.updateRole(conn, organizationId, userId, role))
                .call(member -> member.role() == role ? Uni.createFrom().voidItem()
                        : audit.record(conn, by, organizationId, "member.role_changed", TARGET, userId, snapshot(member),
                                snapshot(member).put("role", role.value())))
                .map(member -> new Member(member.userId(), member.email(), role, member.joinedAt())));
    }

    /** Removes the member and ends their sessions in this organisation; 404 MEMBER_NOT_FOUND, 409 LAST_OWNER. */
    public Uni<Void> remove(Initiator by, UUID organizationId, UUID userId) {
        return pool.withTransaction(conn -> lockedMember(conn, organizationId, userId)
                .call(member -> member.role() == Role.OWNER
                        ? requireAnotherOwner(conn, organizationId)
                        : Uni.createFrom().voidItem())
                .call(() -> memberships.delete(conn, organizationId, userId))
                .call(() -> sessions.revokeAllIn(conn, userId, organizationId))
                .chain(member -> audit.record(conn, by, organizationId, "member.removed", TARGET, userId,
                        snapshot(member), null)));
    }

    private Uni<Member> lockedMember(SqlConnection conn, UUID organizationId, UUID userId) {
        return memberships.lockOrganization(conn, organizationId)
                .chain(() -> memberships.find(conn, organizationId, userId))
                .map(found -> found.orElseThrow(() -> notFound(userId)));
    }

    private Uni<Void> requireAnotherOwner(SqlConnection conn, UUID organizationId) {
        return memberships.countOwners(conn, organizationId).invoke(owners -> {
            if (owners <= 1) {
                throw ProblemException.conflict(LAST_OWNER, "An organisation keeps at least one owner: make another "
                        + "member an owner first.");
            }
        }).replaceWithVoid();
    }

    /** What the audit log keeps of a membership. */
    public static JsonObject snapshot(Member member) {
        return new JsonObject().put("user_id", member.userId().toString()).put("email", member.email())
                .put("role", member.role().value());
    }

    public static ProblemException notFound(Object userId) {
        return ProblemException.notFound(MEMBER_NOT_FOUND, "Member " + userId + " was not found.");
    }
}
