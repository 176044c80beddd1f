package io.laas.iam.people.service;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.iam.audit.Initiator;
import io.laas.iam.audit.RequestSource;
import io.laas.iam.audit.service.AuditLog;
import io.laas.iam.config.IamConfig;
import io.laas.iam.people.PasswordPolicy;
import io.laas.iam.people.Person;
import io.laas.iam.people.Role;
import io.laas.iam.people.repository.MembershipRepository;
import io.laas.iam.people.repository.PersonRepository;
import io.laas.iam.project.service.ProjectService;
import io.laas.web.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Open sign-up: a person, their organisation and their ownership of it, in one transaction. Switched by
 * {@code laas.iam.signup.enabled} (off by default, so off in production unless the operator opens it).
 */
@ApplicationScoped
public class SignupService {

    public static final String SIGNUP_DISABLED = "SIGNUP_DISABLED";
    public static final String EMAIL_TAKEN = "EMAIL_TAKEN";

    private final Pool pool;
    private final PersonRepository people;
    private final MembershipRepository memberships;
    private final PasswordWork passwords;
    private final boolean enabled;
    private final AuditLog audit;

    public SignupService(Pool pool, PersonRepository people, MembershipRepository memberships, PasswordWork passwords,
            IamConfig config, AuditLog audit) {
        this.pool = pool;
        this.people = people;
        this.memberships = memberships;
        this.passwords = passwords;
        this.enabled = config.signup().enabled();
        this.audit = audit;
    }

    public record SignedUp(Person person, UUID organizationId, String organizationName, Role role) {
    }

    /**
     * @throws ProblemException 403 SIGNUP_DISABLED, 400 VALIDATION_FAILED (password policy), 409 EMAIL_TAKEN
     */
    public Uni<SignedUp> signup(String email, String password, String organizationName, RequestSource source) {
        if (!enabled) {
            return Uni.createFrom().failure(new ProblemException(403, SIGNUP_DISABLED, "Forbidden",
                    "Sign-up is closed on this installation; ask an organisation owner for an invitation."));
        }
        return Uni.createFrom().voidItem()
                .invoke(() -> requireAcceptable(password, email))
                .chain(() -> passwords.hash(password))
                .chain(hash -> pool.withTransaction(conn -> people.insert(conn, email, hash)
                        .onFailure(ProjectService::isUniqueViolation).transform(e -> emailTaken(email))
                        .chain(person -> memberships.insertOrganization(conn, organizationName)
                                .call(orgId -> memberships.insert(conn, orgId, person.id(), Role.OWNER))
                                .call(orgId -> audit.record(conn, Initiator.person(person.id(), person.email(), source),
                                        orgId, "organization.created", "organization", orgId, null, new JsonObject()
                                                .put("name", organizationName).put("owner", person.id().toString())
                                                .put("owner_email", person.email())))
                                .map(orgId -> new SignedUp(person, orgId, organizationName, Role.OWNER)))));
    }

    /** Fails with 400 VALIDATION_FAILED on {@code password} when the policy refuses it. */
    public static void requireAcceptable(String password, String email) {
        PasswordPolicy.violation(password, email).ifPresent(reason -> {
            throw ProblemException.validation("password", reason);
        });
    }

    public static ProblemException emailTaken(String email) {
        return ProblemException.conflict(EMAIL_TAKEN, "An account with the email " + email + " already exists.");
    }
}
