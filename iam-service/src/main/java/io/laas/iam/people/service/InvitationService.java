package io.laas.iam.people.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.iam.audit.Initiator;
import io.laas.iam.audit.RequestSource;
import io.laas.iam.audit.service.AuditLog;
import io.laas.iam.config.IamConfig;
import io.laas.iam.crypto.OpaqueTokens;
import io.laas.iam.people.Invitation;
import io.laas.iam.people.Member;
import io.laas.iam.people.Person;
import io.laas.iam.people.Role;
import io.laas.iam.people.repository.InvitationRepository;
import io.laas.iam.people.repository.MembershipRepository;
import io.laas.iam.people.repository.PersonRepository;
import io.laas.iam.project.service.ProjectService;
import io.laas.iam.session.service.PasswordLogin;
import io.laas.web.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Invitations into an organisation. There is no mail channel: the single-use token is handed once to the
 * owner who invites, who passes the link on. Only its SHA-256 is stored. Accepting locks the invitation row,
 * so of two concurrent accepts one wins and the other finds it used.
 */
@ApplicationScoped
public class InvitationService {

    public static final String INVITATION_NOT_FOUND = "INVITATION_NOT_FOUND";
    public static final String INVITATION_PENDING = "INVITATION_PENDING";
    public static final String INVITATION_NOT_PENDING = "INVITATION_NOT_PENDING";
    public static final String INVITATION_USED = "INVITATION_USED";
    public static final String INVITATION_EXPIRED = "INVITATION_EXPIRED";
    public static final String INVITATION_REVOKED = "INVITATION_REVOKED";
    public static final String ALREADY_MEMBER = "ALREADY_MEMBER";
    private static final String TARGET = "invitation";
    public static final String INVITATION_FOR_ANOTHER_PERSON = "INVITATION_FOR_ANOTHER_PERSON";

    private final Pool pool;
    private final InvitationRepository invitations;
    private final MembershipRepository memberships;
    private final PersonRepository people;
    private final PasswordWork passwords;
    private final PasswordLogin login;
    private final IamConfig.Invitation config;
    private final AuditLog audit;

    public InvitationService(Pool pool, InvitationRepository invitations, MembershipRepository memberships,
            PersonRepository people, PasswordWork passwords, PasswordLogin login, IamConfig config, AuditLog audit) {
        this.pool = pool;
        this.invitations = invitations;
        this.memberships = memberships;
        this.people = people;
        this.passwords = passwords;
        this.login = login;
        this.config = config.invitation();
        this.audit = audit;
    }

    /** A new invitation and its token, which is never shown again. */
    public record Created(Invitation invitation, String token) {
    }

    /** Who joined which organisation by accepting. */
    public record Accepted(Person person, UUID organizationId, Role role, boolean newAccount) {
    }

    /**
     * @param invitedBy the caller's subject when it is a person of the organisation (recorded), else anything
     * @throws ProblemException 409 ALREADY_MEMBER, 409 INVITATION_PENDING
     */
    public Uni<Created> create(Initiator by, UUID organizationId, UUID invitedBy, String email, Role role) {
        String token = OpaqueTokens.generate();
        OffsetDateTime expiresAt = OffsetDateTime.now(ZoneOffset.UTC).plus(config.ttl());
        return pool.withTransaction(conn -> people.findByEmail(conn, email)
                .chain(person -> person.isEmpty() ? Uni.createFrom().item(Optional.<Member>empty())
                        : memberships.find(conn, organizationId, person.get().id()))
                .invoke(member -> {
                    if (member.isPresent()) {
                        throw ProblemException.conflict(ALREADY_MEMBER, email + " is already a member of this organisation.");
                    }
                })
                .chain(() -> invitations.retireExpired(conn, organizationId, email))
                .chain(() -> invitations.insert(conn, organizationId, email, role, OpaqueTokens.hash(token), invitedBy,
                        expiresAt))
                .onFailure(ProjectService::isUniqueViolation).transform(e -> ProblemException.conflict(INVITATION_PENDING,
                        email + " already has a pending invitation; revoke it to invite again."))
                .call(invitation -> audit.record(conn, by, organizationId, "invitation.created", TARGET,
                        invitation.id(), null, snapshot(invitation)))
                .map(invitation -> new Created(invitation, token)));
    }

    public Uni<List<Invitation>> list(UUID organizationId) {
        return invitations.list(pool, organizationId);
    }

    /** 404 INVITATION_NOT_FOUND, 409 INVITATION_NOT_PENDING (accepted, revoked or expired already). */
    public Uni<Invitation> revoke(Initiator by, UUID organizationId, UUID id) {
        return pool.withTransaction(conn -> invitations.find(conn, organizationId, id, true)
                .map(found -> found.orElseThrow(() -> notFound()))
                .chain(invitation -> {
                    if (!"pending".equals(invitation.status(OffsetDateTime.now()))) {
                        throw ProblemException.conflict(INVITATION_NOT_PENDING,
                                "Invitation " + id + " is " + invitation.status(OffsetDateTime.now()) + ".");
                    }
                    return invitations.revoke(conn, id)
                            .call(revoked -> audit.record(conn, by, organizationId, "invitation.revoked", TARGET, id,
                                    snapshot(invitation), snapshot(revoked)));
                }));
    }

    /**
     * Joins the invited address to the organisation. A person without an account (or without a password
     * yet) sets one, under the password policy; a person with an account proves it with their password,
     * checked like a login (throttled, lockout counted).
     *
     * @throws ProblemException 404 INVITATION_NOT_FOUND, 410 INVITATION_USED / INVITATION_EXPIRED /
     *         INVITATION_REVOKED, 400 VALIDATION_FAILED, 401 INVALID_CREDENTIALS, 409 ALREADY_MEMBER
     */
    public Uni<Accepted> accept(String token, String password, RequestSource source) {
        if (!OpaqueTokens.isWellFormed(token)) {
            return Uni.createFrom().failure(notFound());
        }
        String tokenHash = OpaqueTokens.hash(token);
        return invitations.findByTokenHash(pool, tokenHash, false)
                .map(found -> requireUsable(found.orElseThrow(InvitationService::notFound)))
                .chain(invitation -> people.findByEmail(pool, invitation.email()).chain(existing -> {
                    if (existing.isPresent() && existing.get().passwordHash() != null) {
                        return login.authenticate(invitation.email(), password, source.ip())
                                .chain(person -> join(tokenHash, person, null, source));
                    }
                    SignupService.requireAcceptable(password, invitation.email());
                    return passwords.hash(password).chain(hash -> join(tokenHash, existing.orElse(null), hash, source));
                }));
    }

    /**
     * Joins a person who is signed in (their session vouches for them) to the organisation, when the
     * invitation is for their email.
     *
     * @throws ProblemException 403 INVITATION_FOR_ANOTHER_PERSON, and those of {@link #accept}
     */
    public Uni<Accepted> acceptAsPerson(String token, UUID userId, RequestSource source) {
        if (!OpaqueTokens.isWellFormed(token)) {
            return Uni.createFrom().failure(notFound());
        }
        String tokenHash = OpaqueTokens.hash(token);
        return invitations.findByTokenHash(pool, tokenHash, false)
                .map(found -> requireUsable(found.orElseThrow(InvitationService::notFound)))
                .chain(invitation -> people.findById(pool, userId).chain(person -> {
                    if (person.isEmpty() || !person.get().email().equalsIgnoreCase(invitation.email())) {
                        throw new ProblemException(403, INVITATION_FOR_ANOTHER_PERSON, "Forbidden",
                                "This invitation is for another email address than the signed-in person's.");
                    }
                    return join(tokenHash, person.get(), null, source);
                }));
    }

    /** @param newHash the password of a person who had none (or no account), null for one who proved theirs */
    private Uni<Accepted> join(String tokenHash, Person existing, String newHash, RequestSource source) {
        return pool.withTransaction(conn -> invitations.findByTokenHash(conn, tokenHash, true)
                .map(found -> requireUsable(found.orElseThrow(InvitationService::notFound)))
                .chain(invitation -> personFor(conn, invitation, existing, newHash)
                        .chain(person -> memberships.insert(conn, invitation.organizationId(), person.id(), invitation.role())
                                .invoke(added -> {
                                    if (!added) {
                                        throw ProblemException.conflict(ALREADY_MEMBER,
                                                "This person is already a member of the organisation.");
                                    }
                                })
                                .call(() -> invitations.accept(conn, invitation.id(), person.id()))
                                .call(() -> audit.record(conn, Initiator.person(person.id(), person.email(), source),
                                        invitation.organizationId(), "invitation.accepted", TARGET, invitation.id(),
                                        snapshot(invitation), snapshot(invitation).put("accepted_by",
                                                person.id().toString())))
                                .map(added -> new Accepted(person, invitation.organizationId(), invitation.role(),
                                        existing == null)))));
    }

    private Uni<Person> personFor(SqlConnection conn, Invitation invitation, Person existing, String newHash) {
        if (existing == null) {
            return people.insert(conn, invitation.email(), newHash)
                    .onFailure(ProjectService::isUniqueViolation)
                    .transform(e -> SignupService.emailTaken(invitation.email()));
        }
        if (newHash == null) {
            return Uni.createFrom().item(existing);
        }
        return people.setFirstPassword(conn, existing.id(), newHash).map(set -> {
            if (!set) {
                // the person set a password meanwhile: they must prove it, as anyone with an account
                throw PasswordLogin.invalidCredentials();
            }
            return existing;
        });
    }

    /** What the audit log keeps of an invitation: never its token nor the token's hash. */
    public static JsonObject snapshot(Invitation invitation) {
        return new JsonObject().put("id", invitation.id().toString()).put("email", invitation.email())
                .put("role", invitation.role().value()).put("expires_at", invitation.expiresAt().toInstant().toString())
                .put("accepted_by", invitation.acceptedBy() == null ? null : invitation.acceptedBy().toString())
                .put("revoked_at", invitation.revokedAt() == null ? null : invitation.revokedAt().toInstant().toString());
    }

    private static Invitation requireUsable(Invitation invitation) {
        switch (invitation.status(OffsetDateTime.now())) {
            case "accepted" -> throw gone(INVITATION_USED, "This invitation has already been accepted.");
            case "revoked" -> throw gone(INVITATION_REVOKED, "This invitation has been revoked.");
            case "expired" -> throw gone(INVITATION_EXPIRED, "This invitation has expired; ask for a new one.");
            default -> {
                return invitation;
            }
        }
    }

    private static ProblemException gone(String code, String detail) {
        return new ProblemException(410, code, "Gone", detail);
    }

    static ProblemException notFound() {
        return ProblemException.notFound(INVITATION_NOT_FOUND, "No such invitation.");
    }
}
