package io.laas.iam.session.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.iam.audit.Initiator;
import io.laas.iam.audit.RequestSource;
import io.laas.iam.audit.service.AuditLog;
import io.laas.iam.config.IamConfig;
import io.laas.iam.crypto.OpaqueTokens;
import io.laas.iam.ledger.repository.LedgerRepository;
import io.laas.iam.people.Member;
import io.laas.iam.people.Membership;
import io.laas.iam.people.Person;
import io.laas.iam.people.repository.MembershipRepository;
import io.laas.iam.revocation.CredentialRevocations;
import io.laas.iam.session.Session;
import io.laas.iam.session.repository.SessionRepository;
import io.laas.iam.token.TokenResponse;
import io.laas.iam.token.service.TokenService;
import io.laas.web.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Console sessions: created by a password login, exchanged (by the gateway, for each request it cannot
 * answer from its short cache) for an access token of the person, ended one at a time or all at once.
 * IAM keeps them, so any gateway replica serves any session.
 */
@ApplicationScoped
public class SessionService {

    public static final String SESSION_INVALID = "SESSION_INVALID";
    public static final String NOT_A_MEMBER = "NOT_A_MEMBER";

    private final Pool pool;
    private final PasswordLogin login;
    private final SessionRepository sessions;
    private final MembershipRepository memberships;
    private final LedgerRepository ledgers;
    private final TokenService tokens;
    private final CredentialRevocations revocations;
    private final IamConfig.Session config;
    private final AuditLog audit;

    public SessionService(Pool pool, PasswordLogin login, SessionRepository sessions, MembershipRepository memberships,
            LedgerRepository ledgers, TokenService tokens, CredentialRevocations revocations, IamConfig config,
            AuditLog audit) {
        this.pool = pool;
        this.login = login;
        this.sessions = sessions;
        this.memberships = memberships;
        this.ledgers = ledgers;
        this.tokens = tokens;
        this.revocations = revocations;
        this.config = config.session();
        this.audit = audit;
    }

    /** A new session and the secret that names it (shown once, held by the gateway's cookie). */
    public record Login(String token, Session session, Member member, String organizationName) {
    }

    /** What a session is exchanged for. */
    public record PersonToken(TokenResponse token, Session session, Member member) {
    }

    /**
     * @param organizationId the organisation to sign in to; the one the person joined first when empty
     * @throws ProblemException 401 INVALID_CREDENTIALS, 429 LOGIN_THROTTLED, 403 NOT_A_MEMBER
     */
    public Uni<Login> login(String email, String password, Optional<UUID> organizationId, RequestSource source) {
        return login.authenticate(email, password, source.ip()).chain(person -> organizationOf(person, organizationId)
                .chain(orgId -> memberships.find(pool, orgId, person.id())
                        .map(member -> member.orElseThrow(SessionService::notAMember))
                        .chain(member -> pool.withTransaction(conn -> {
                            String token = OpaqueTokens.generate();
                            return memberships.organizationName(conn, orgId).chain(name -> sessions
                                    .insert(conn, OpaqueTokens.hash(token), person.id(), orgId, config.idleTimeout(),
                                            config.absoluteTimeout())
                                    .call(session -> audit.record(conn,
                                            Initiator.person(person.id(), person.email(), source), orgId,
                                            "session.created", "session", person.id(), null, new JsonObject()
                                                    .put("expires_at", session.expiresAt().toInstant().toString())))
                                    .map(session -> new Login(token, session, member, name.orElse(""))));
                        }))));
    }

    private Uni<UUID> organizationOf(Person person, Optional<UUID> asked) {
        if (asked.isPresent()) {
            return Uni.createFrom().item(asked.get());
        }
        return memberships.firstOrganization(pool, person.id()).map(first -> first.orElseThrow(SessionService::notAMember));
    }

    /**
     * An access token for the session's person in the session's organisation, with the scopes of their
     * current role; 401 SESSION_INVALID for a session that is unknown, ended, idle too long, or whose person
     * has left the organisation.
     */
    public Uni<PersonToken> exchange(String sessionToken) {
        if (!OpaqueTokens.isWellFormed(sessionToken)) {
            return Uni.createFrom().failure(invalidSession());
        }
        return sessions.touch(pool, OpaqueTokens.hash(sessionToken), config.idleTimeout())
                .map(found -> found.orElseThrow(SessionService::invalidSession))
                .chain(session -> memberships.find(pool, session.organizationId(), session.userId())
                        .map(member -> member.orElseThrow(SessionService::invalidSession))
                        .chain(member -> ledgers.idsOfOrganization(pool, session.organizationId())
                                .chain(ids -> tokens.issueForPerson(session.userId(), session.organizationId(),
                                        member.role().scopes(), ids, session.expiresAt().toInstant()))
                                .map(token -> new PersonToken(token, session, member))));
    }

    /** Who a live session is, for the console after a reload. */
    public record Current(Session session, Member member, String organizationName) {
    }

    /** The live session, its person's membership and organisation; 401 SESSION_INVALID otherwise. */
    public Uni<Current> current(String sessionToken) {
        return live(sessionToken).chain(session -> memberships.find(pool, session.organizationId(), session.userId())
                .map(member -> member.orElseThrow(SessionService::invalidSession))
                .chain(member -> memberships.organizationName(pool, session.organizationId())
                        .map(name -> new Current(session, member, name.orElse("")))));
    }

    /** The organisations the live session's person belongs to. */
    public Uni<List<Membership>> organizations(String sessionToken) {
        return live(sessionToken).chain(session -> memberships.organizationsOf(pool, session.userId()));
    }

    /**
     * Moves the session's person to another organisation of theirs without asking for the password again: the
     * session ends and a new one opens in that organisation, ending no later than the old one would have (a
     * switch never extends a login). Of two concurrent switches of one session, one wins; the other finds the
     * session ended. A person who is not a member of the organisation is refused and nothing changes.
     *
     * @throws ProblemException 401 SESSION_INVALID, 403 NOT_A_MEMBER
     */
    public Uni<Login> switchOrganization(String sessionToken, UUID organizationId, RequestSource source) {
        if (!OpaqueTokens.isWellFormed(sessionToken)) {
            return Uni.createFrom().failure(invalidSession());
        }
        String oldId = OpaqueTokens.hash(sessionToken);
        return pool.withTransaction(conn -> sessions.findLive(conn, oldId)
                .map(found -> found.orElseThrow(SessionService::invalidSession))
                .chain(old -> memberships.find(conn, organizationId, old.userId())
                        .map(member -> member.orElseThrow(SessionService::notAMember))
                        .chain(member -> sessions.revoke(conn, oldId)
                                .map(ended -> {
                                    if (!ended) {
                                        throw invalidSession();
                                    }
                                    return member;
                                }))
                        .chain(member -> {
                            String token = OpaqueTokens.generate();
                            return memberships.organizationName(conn, organizationId).chain(name -> sessions
                                    .insertUntil(conn, OpaqueTokens.hash(token), old.userId(), organizationId,
                                            config.idleTimeout(), old.expiresAt())
                                    .call(session -> audit.record(conn,
                                            Initiator.person(member.userId(), member.email(), source), organizationId,
                                            "session.created", "session", member.userId(), null, new JsonObject()
                                                    .put("expires_at", session.expiresAt().toInstant().toString())
                                                    .put("switched_from", old.organizationId().toString())))
                                    .map(session -> new Login(token, session, member, name.orElse(""))));
                        })));
    }

    /** The live session a token names; 401 SESSION_INVALID otherwise. */
    public Uni<Session> live(String sessionToken) {
        if (!OpaqueTokens.isWellFormed(sessionToken)) {
            return Uni.createFrom().failure(invalidSession());
        }
        return sessions.findLive(pool, OpaqueTokens.hash(sessionToken))
                .map(found -> found.orElseThrow(SessionService::invalidSession));
    }

    /** Ends this session; ending one that has already ended changes nothing. */
    public Uni<Void> logout(String sessionToken) {
        if (!OpaqueTokens.isWellFormed(sessionToken)) {
            return Uni.createFrom().failure(invalidSession());
        }
        return sessions.revoke(pool, OpaqueTokens.hash(sessionToken)).replaceWithVoid();
    }

    /**
     * Ends every session of the session's person, in every organisation, and announces that every access
     * token issued to them so far is revoked ({@code credential.revoked}, subject = the person's id).
     *
     * @return how many sessions were ended
     */
    public Uni<Integer> logoutEverywhere(String sessionToken, RequestSource source) {
        if (!OpaqueTokens.isWellFormed(sessionToken)) {
            return Uni.createFrom().failure(invalidSession());
        }
        return pool.withTransaction(conn -> sessions.findLive(conn, OpaqueTokens.hash(sessionToken))
                .map(found -> found.orElseThrow(SessionService::invalidSession))
                .chain(session -> sessions.revokeAllOf(conn, session.userId())
                        .call(() -> revocations.revokeSubject(conn, session.userId().toString(), Instant.now(),
                                "logout_everywhere"))
                        .call(ended -> audit.record(conn, Initiator.person(session.userId(), null, source),
                                session.organizationId(), "session.revoked_all", "session", session.userId(), null,
                                new JsonObject().put("sessions_ended", ended)))));
    }

    static ProblemException invalidSession() {
        return new ProblemException(401, SESSION_INVALID, "Unauthorized", "The session has ended or does not exist.");
    }

    static ProblemException notAMember() {
        return new ProblemException(403, NOT_A_MEMBER, "Forbidden", "This person is not a member of that organisation.");
    }
}
