package io.laas.iam.quota.service;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.iam.quota.Quota;
import io.laas.iam.quota.QuotaOverrides;
import io.laas.iam.quota.config.QuotaConfig;
import io.laas.iam.quota.repository.QuotaRepository;
import io.laas.web.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Quotas per organisation: the configured defaults, an operator's overrides, and the check that runs in the
 * transaction of every creation that counts against one.
 */
@ApplicationScoped
public class QuotaService {

    public static final String QUOTA_EXCEEDED = "QUOTA_EXCEEDED";
    static final String ORGANIZATION_NOT_FOUND = "ORGANIZATION_NOT_FOUND";

    private final Pool pool;
    private final QuotaRepository quotas;
    private final QuotaConfig defaults;

    public QuotaService(Pool pool, QuotaRepository quotas, QuotaConfig defaults) {
        this.pool = pool;
        this.quotas = quotas;
        this.defaults = defaults;
    }

    /** An organisation's overrides, its limits in force and what it uses of them. */
    public record Quotas(UUID organizationId, QuotaOverrides overrides, Map<Quota, Integer> limits,
            Map<Quota, Long> usage) {
    }

    /**
     * Makes room for one more {@code quota} in the organisation, within the caller's transaction: locks the
     * organisation's row (concurrent creations queue there, so two at the limit cannot both pass) and counts.
     *
     * @throws ProblemException 409 QUOTA_EXCEEDED naming the quota, its limit and the current count
     */
    public Uni<Void> reserve(SqlConnection conn, UUID organizationId, Quota quota) {
        return quotas.lockOrganization(conn, organizationId)
                .chain(() -> quotas.find(conn, organizationId))
                .chain(overrides -> {
                    int limit = limit(overrides.orElse(QuotaOverrides.NONE), quota);
                    return quotas.count(conn, organizationId, quota).invoke(current -> {
                        if (current >= limit) {
                            throw exceeded(quota, limit, current);
                        }
                    });
                })
                .replaceWithVoid();
    }

    /** The overrides the organisation's access tokens carry ({@link QuotaOverrides#tokenClaim}). */
    public Uni<QuotaOverrides> overrides(UUID organizationId) {
        return quotas.find(pool, organizationId).map(found -> found.orElse(QuotaOverrides.NONE));
    }

    /** @throws ProblemException 404 ORGANIZATION_NOT_FOUND */
    public Uni<Quotas> get(UUID organizationId) {
        return pool.withConnection(conn -> quotas.organizationExists(conn, organizationId)
                .invoke(exists -> requireExists(exists, organizationId))
                .chain(() -> quotas.find(conn, organizationId))
                .chain(found -> describe(conn, organizationId, found.orElse(QuotaOverrides.NONE))));
    }

    /** Replaces the organisation's overrides (a null field: back to the default). */
    public Uni<Quotas> set(UUID organizationId, QuotaOverrides overrides) {
        return pool.withTransaction(conn -> quotas.lockOrganization(conn, organizationId)
                .invoke(exists -> requireExists(exists, organizationId))
                .chain(() -> quotas.upsert(conn, organizationId, overrides))
                .chain(saved -> describe(conn, organizationId, saved)));
    }

    /** Drops every override of the organisation. */
    public Uni<Void> clear(UUID organizationId) {
        return pool.withTransaction(conn -> quotas.lockOrganization(conn, organizationId)
                .invoke(exists -> requireExists(exists, organizationId))
                .chain(() -> quotas.delete(conn, organizationId)))
                .replaceWithVoid();
    }

    private Uni<Quotas> describe(SqlConnection conn, UUID organizationId, QuotaOverrides overrides) {
        Map<Quota, Integer> limits = new EnumMap<>(Quota.class);
        for (Quota quota : Quota.values()) {
            limits.put(quota, limit(overrides, quota));
        }
        Map<Quota, Long> usage = new EnumMap<>(Quota.class);
        return quotas.count(conn, organizationId, Quota.LEDGERS).invoke(n -> usage.put(Quota.LEDGERS, n))
                .chain(() -> quotas.count(conn, organizationId, Quota.API_KEYS)).invoke(n -> usage.put(Quota.API_KEYS, n))
                .chain(() -> quotas.count(conn, organizationId, Quota.OAUTH_CLIENTS))
                .invoke(n -> usage.put(Quota.OAUTH_CLIENTS, n))
                .map(ignored -> new Quotas(organizationId, overrides, limits, usage));
    }

    private int limit(QuotaOverrides overrides, Quota quota) {
        Integer override = overrides.count(quota);
        if (override != null) {
            return override;
        }
        return switch (quota) {
            case LEDGERS -> defaults.ledgers();
            case API_KEYS -> defaults.apiKeys();
            case OAUTH_CLIENTS -> defaults.oauthClients();
            case WEBHOOK_ENDPOINTS -> defaults.webhookEndpoints();
        };
    }

    static ProblemException exceeded(Quota quota, int limit, long current) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("quota", quota.apiName());
        extensions.put("limit", limit);
        extensions.put("current", current);
        return ProblemException.conflict(QUOTA_EXCEEDED, "The organisation has " + current + " " + quota.apiName()
                + " of the " + limit + " its quota allows.", extensions);
    }

    private static void requireExists(boolean exists, UUID organizationId) {
        if (!exists) {
            throw ProblemException.notFound(ORGANIZATION_NOT_FOUND, "Organisation " + organizationId + " was not found.");
        }
    }
}
