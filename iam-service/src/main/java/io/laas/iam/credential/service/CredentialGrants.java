package io.laas.iam.credential.service;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.iam.ledger.Ledger;
import io.laas.iam.ledger.repository.LedgerRepository;
import io.laas.iam.tenant.repository.TenantRepository;
import io.laas.web.problem.ProblemException;
import io.laas.web.security.Scopes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * What an API key or an OAuth2 client may be given: scopes from the set its kind allows ({@code ops:admin}
 * only in the operator's organisation) and ledgers of its own project. Shared by the API and the tenants
 * file, so both refuse the same grants.
 */
@ApplicationScoped
public class CredentialGrants {

    /** API keys reach ledgers and webhooks; administration needs a client or a person. */
    public static final Set<String> API_KEY_SCOPES = Set.of(Scopes.LEDGER_READ, Scopes.LEDGER_WRITE,
            Scopes.WEBHOOKS_READ, Scopes.WEBHOOKS_WRITE);
    public static final Set<String> CLIENT_SCOPES = Scopes.ALL;
    /** Longest overlap of a rotation: the old key or secret keeps working at most this long. */
    public static final Duration MAX_OVERLAP = Duration.ofDays(7);
    public static final Duration DEFAULT_OVERLAP = Duration.ofHours(24);
    public static final int MAX_LEDGERS = 100;

    private final TenantRepository tenants;
    private final LedgerRepository ledgers;

    public CredentialGrants(TenantRepository tenants, LedgerRepository ledgers) {
        this.tenants = tenants;
        this.ledgers = ledgers;
    }

    /** The scopes without repeats, in the order given; fails 400 on the field {@code scopes}. */
    public Uni<List<String>> scopes(SqlClient client, UUID organizationId, List<String> scopes, Set<String> allowed) {
        Set<String> distinct = new LinkedHashSet<>(scopes);
        if (distinct.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.validation("scopes", "must name at least one scope"));
        }
        for (String scope : distinct) {
            if (!Scopes.OPS_ADMIN.equals(scope) && !allowed.contains(scope)) {
                return Uni.createFrom().failure(ProblemException.validation("scopes", "may not hold " + scope
                        + "; allowed: " + String.join(", ", allowed.stream().sorted().toList())));
            }
        }
        if (!distinct.contains(Scopes.OPS_ADMIN)) {
            return Uni.createFrom().item(List.copyOf(distinct));
        }
        return tenants.isOperator(client, organizationId).map(operator -> {
            if (!operator) {
                throw ProblemException.validation("scopes",
                        "may not hold " + Scopes.OPS_ADMIN + ": only the operator's organisation holds it");
            }
            return List.copyOf(distinct);
        });
    }

    /** The ledgers without repeats, each of which must be a ledger of the project; fails 400 on {@code ledgers}. */
    public Uni<List<UUID>> ledgers(SqlClient client, UUID projectId, List<UUID> ids, boolean required) {
        Set<UUID> distinct = new LinkedHashSet<>(ids);
        if (required && distinct.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.validation("ledgers", "must name at least one ledger"));
        }
        if (distinct.size() > MAX_LEDGERS) {
            return Uni.createFrom().failure(ProblemException.validation("ledgers",
                    "may name at most " + MAX_LEDGERS + " ledgers"));
        }
        if (distinct.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return ledgers.findByIds(client, List.copyOf(distinct), projectId).map(found -> {
            Set<UUID> known = new java.util.HashSet<>(found.stream().map(Ledger::id).toList());
            List<UUID> missing = distinct.stream().filter(id -> !known.contains(id)).toList();
            if (!missing.isEmpty()) {
                throw ProblemException.validation("ledgers", "names no ledger of this project: " + missing);
            }
            return List.copyOf(distinct);
        });
    }

    /** The overlap of a rotation in seconds (default 24 h), between 0 and 7 days; fails 400 on {@code overlap_seconds}. */
    public static Duration overlap(Long seconds) {
        if (seconds == null) {
            return DEFAULT_OVERLAP;
        }
        if (seconds < 0 || seconds > MAX_OVERLAP.toSeconds()) {
            throw ProblemException.validation("overlap_seconds", "must be between 0 and " + MAX_OVERLAP.toSeconds());
        }
        return Duration.ofSeconds(seconds);
    }
}
