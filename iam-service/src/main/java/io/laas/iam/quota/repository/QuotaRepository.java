package io.laas.iam.quota.repository;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.iam.quota.Quota;
import io.laas.iam.quota.QuotaOverrides;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** An organisation's quota overrides, and what it has of each counted thing. */
@ApplicationScoped
public class QuotaRepository {

    private static final String COLUMNS = "requests_per_second, burst, client_requests_per_second, client_burst, "
            + "ledgers, api_keys, oauth_clients, webhook_endpoints, updated_at";

    /**
     * Locks the organisation's row until the transaction ends, so that two creations counting against one of
     * its quotas run one after the other.
     *
     * @return whether the organisation exists
     */
    public Uni<Boolean> lockOrganization(SqlClient client, UUID organizationId) {
        return client.preparedQuery("SELECT id FROM organizations WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(organizationId))
                .map(rows -> rows.size() > 0);
    }

    public Uni<Boolean> organizationExists(SqlClient client, UUID organizationId) {
        return client.preparedQuery("SELECT 1 FROM organizations WHERE id = $1")
                .execute(Tuple.of(organizationId))
                .map(rows -> rows.size() > 0);
    }

    public Uni<Optional<QuotaOverrides>> find(SqlClient client, UUID organizationId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM organization_quotas WHERE organization_id = $1")
                .execute(Tuple.of(organizationId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toOverrides(rows.iterator().next())));
    }

    public Uni<QuotaOverrides> upsert(SqlClient client, UUID organizationId, QuotaOverrides overrides) {
        return client.preparedQuery("INSERT INTO organization_quotas (organization_id, requests_per_second, burst, "
                + "client_requests_per_second, client_burst, ledgers, api_keys, oauth_clients, webhook_endpoints) "
                + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (organization_id) DO UPDATE SET "
                + "requests_per_second = EXCLUDED.requests_per_second, burst = EXCLUDED.burst, "
                + "client_requests_per_second = EXCLUDED.client_requests_per_second, client_burst = EXCLUDED.client_burst, "
                + "ledgers = EXCLUDED.ledgers, api_keys = EXCLUDED.api_keys, oauth_clients = EXCLUDED.oauth_clients, "
                + "webhook_endpoints = EXCLUDED.webhook_endpoints, updated_at = NOW() RETURNING " + COLUMNS)
                .execute(Tuple.tuple().addUUID(organizationId).addDouble(overrides.requestsPerSecond())
                        .addInteger(overrides.burst()).addDouble(overrides.clientRequestsPerSecond())
                        .addInteger(overrides.clientBurst()).addInteger(overrides.ledgers())
                        .addInteger(overrides.apiKeys()).addInteger(overrides.oauthClients())
                        .addInteger(overrides.webhookEndpoints()))
                .map(rows -> toOverrides(rows.iterator().next()));
    }

    /** @return whether there were overrides */
    public Uni<Boolean> delete(SqlClient client, UUID organizationId) {
        return client.preparedQuery("DELETE FROM organization_quotas WHERE organization_id = $1")
                .execute(Tuple.of(organizationId))
                .map(rows -> rows.rowCount() > 0);
    }

    /** How many the organisation has of what IAM counts (not webhook endpoints: the webhook service keeps those). */
    public Uni<Long> count(SqlClient client, UUID organizationId, Quota quota) {
        String sql = switch (quota) {
            case LEDGERS -> "SELECT count(*) FROM ledgers l JOIN projects p ON p.id = l.project_id "
                    + "WHERE p.organization_id = $1 AND l.archived_at IS NULL";
            case API_KEYS -> "SELECT count(*) FROM api_keys k JOIN projects p ON p.id = k.project_id "
                    + "WHERE p.organization_id = $1 AND k.is_active AND k.revoked_at IS NULL "
                    + "AND (k.expires_at IS NULL OR k.expires_at > NOW())";
            case OAUTH_CLIENTS -> "SELECT count(*) FROM oauth_clients WHERE org_id = $1 AND revoked_at IS NULL";
            case WEBHOOK_ENDPOINTS -> throw new IllegalArgumentException("IAM does not keep webhook endpoints");
        };
        return client.preparedQuery(sql).execute(Tuple.of(organizationId))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private static QuotaOverrides toOverrides(Row row) {
        return new QuotaOverrides(row.getDouble("requests_per_second"), row.getInteger("burst"),
                row.getDouble("client_requests_per_second"), row.getInteger("client_burst"),
                row.getInteger("ledgers"), row.getInteger("api_keys"), row.getInteger("oauth_clients"),
                row.getInteger("webhook_endpoints"), row.getOffsetDateTime("updated_at"));
    }
}
