package io.laas.iam.session.service;

import java.time.OffsetDateTime;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.laas.iam.config.IamConfig;
import io.laas.iam.people.Person;
import io.laas.iam.people.repository.PersonRepository;
import io.laas.iam.people.service.PasswordWork;
import io.laas.web.logging.LogFields;
import io.laas.web.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Checks a person's email and password, for a login or for an invitation accepted by someone who has an
 * account. Every refusal reads the same (401 INVALID_CREDENTIALS), whether the address is unknown, the
 * password wrong or the account locked, so none of them can be told apart from the answer:
 * <ul>
 * <li>an unknown address still costs a hash (against a fixed one), like a wrong password;</li>
 * <li>a locked account is refused without its hash being computed, until the lock ends;</li>
 * <li>{@code laas.iam.login.max-failures} consecutive failures lock the account for
 * {@code laas.iam.login.lockout};</li>
 * <li>a source over its budget of failures is answered 429 before anything else ({@link SourceThrottle}).</li>
 * </ul>
 * A legacy or weaker hash that verifies is replaced by an argon2id hash under the current parameters.
 */
@ApplicationScoped
public class PasswordLogin {

    public static final String INVALID_CREDENTIALS = "INVALID_CREDENTIALS";
    private static final Logger LOG = Logger.getLogger(PasswordLogin.class);

    private final Pool pool;
    private final PersonRepository people;
    private final PasswordWork passwords;
    private final SourceThrottle throttle;
    private final IamConfig.Login config;
    private volatile String decoy;

    public PasswordLogin(Pool pool, PersonRepository people, PasswordWork passwords, SourceThrottle throttle,
            IamConfig config) {
        this.pool = pool;
        this.people = people;
        this.passwords = passwords;
        this.throttle = throttle;
        this.config = config.login();
    }

    public static ProblemException invalidCredentials() {
        return new ProblemException(401, INVALID_CREDENTIALS, "Unauthorized", "The email or the password is wrong.");
    }

    /** The person whose credentials these are; fails with 401 INVALID_CREDENTIALS or 429 LOGIN_THROTTLED. */
    public Uni<Person> authenticate(String email, String password, String source) {
        try {
            throttle.check(source);
        } catch (LoginThrottledException e) {
            return Uni.createFrom().failure(e);
        }
        return people.findByEmail(pool, email).chain(found -> check(found, password, source));
    }

    private Uni<Person> check(Optional<Person> found, String password, String source) {
        if (found.isEmpty() || found.get().passwordHash() == null) {
            return decoy().chain(hash -> passwords.verify(password, hash)).chain(ignored -> refuse(source));
        }
        Person person = found.get();
        LogFields.put(LogFields.CREDENTIAL_ID, person.id());
        if (person.lockedUntil() != null && person.lockedUntil().isAfter(OffsetDateTime.now())) {
            return refuse(source);
        }
        return passwords.verify(password, person.passwordHash()).chain(ok -> {
            if (!ok) {
                return people.recordFailure(pool, person.id(), config.maxFailures(), config.lockout())
                        .invoke(after -> {
                            if (after.lockedUntil() != null && after.failedLogins() == 0) {
                                LOG.infof("Account %s locked until %s after repeated failed logins", person.id(),
                                        after.lockedUntil());
                            }
                        })
                        .chain(() -> refuse(source));
            }
            Uni<String> rehash = passwords.needsRehash(person.passwordHash())
                    ? passwords.hash(password)
                    : Uni.createFrom().nullItem();
            return rehash.chain(newHash -> people.recordSuccess(pool, person.id(), newHash)).replaceWith(person);
        });
    }

    private Uni<Person> refuse(String source) {
        throttle.failed(source);
        return Uni.createFrom().failure(invalidCredentials());
    }

    /** A hash of a random password under the current parameters, so an unknown address costs what a known one does. */
    private Uni<String> decoy() {
        String known = decoy;
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return passwords.hash(java.util.UUID.randomUUID().toString()).invoke(hash -> decoy = hash);
    }
}
