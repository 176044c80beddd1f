package io.laas.iam.quota.rest;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.laas.iam.quota.Quota;
import io.laas.iam.quota.QuotaOverrides;
import io.laas.iam.quota.service.QuotaService;
import io.laas.web.problem.ProblemException;
import io.laas.web.security.Scopes;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * An operator's overrides of one organisation's quotas ({@code ops:admin}, which only clients of the operator's
 * organisation can hold). Counts take effect at the next creation; rates and the webhook endpoint count travel
 * in the organisation's access tokens, so they take effect with its next token (at most
 * {@code laas.iam.token-ttl} later).
 */
@Path("/v1/ops/organizations/{org_id}/quotas")
@Tag(name = "Operations")
@RolesAllowed(Scopes.OPS_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class OrganizationQuotaResource {

    private final QuotaService quotas;

    public OrganizationQuotaResource(QuotaService quotas) {
        this.quotas = quotas;
    }

    @GET
    @Operation(summary = "An organisation's quotas: overrides, limits in force and usage (operator only)")
    public Uni<QuotasView> get(@PathParam("org_id") String orgId) {
        return quotas.get(organization(orgId)).map(QuotasView::of);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace an organisation's quota overrides (operator only)")
    public Uni<QuotasView> put(@PathParam("org_id") String orgId, @Valid @NotNull OverridesBody body) {
        UUID organizationId = organization(orgId);
        return quotas.set(organizationId, body.toOverrides()).map(QuotasView::of);
    }

    @DELETE
    @Operation(summary = "Drop an organisation's quota overrides: back to the defaults (operator only)")
    public Uni<Void> delete(@PathParam("org_id") String orgId) {
        return quotas.clear(organization(orgId));
    }

    private static UUID organization(String orgId) {
        try {
            UUID id = UUID.fromString(orgId);
            // only the canonical spelling names an organisation (UUID.fromString also takes "1-2-3-4-5")
            if (id.toString().equalsIgnoreCase(orgId)) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw ProblemException.notFound("ORGANIZATION_NOT_FOUND", "Organisation " + orgId + " was not found.");
    }

    /** Every field optional; a missing or null one means the configured default. */
    @RegisterForReflection
    public record OverridesBody(@Positive Double requestsPerSecond, @Min(1) @Max(1_000_000) Integer burst,
            @Positive Double clientRequestsPerSecond, @Min(1) @Max(1_000_000) Integer clientBurst,
            @Min(0) Integer ledgers, @Min(0) Integer apiKeys, @Min(0) Integer oauthClients,
            @Min(0) Integer webhookEndpoints) {

        QuotaOverrides toOverrides() {
            if ((requestsPerSecond == null) != (burst == null)) {
                throw ProblemException.validation("burst", "requests_per_second and burst are set together");
            }
            if ((clientRequestsPerSecond == null) != (clientBurst == null)) {
                throw ProblemException.validation("client_burst",
                        "client_requests_per_second and client_burst are set together");
            }
            return new QuotaOverrides(requestsPerSecond, burst, clientRequestsPerSecond, clientBurst, ledgers, apiKeys,
                    oauthClients, webhookEndpoints, null);
        }
    }

    @RegisterForReflection
    public record OverridesView(Double requestsPerSecond, Integer burst, Double clientRequestsPerSecond,
            Integer clientBurst, Integer ledgers, Integer apiKeys, Integer oauthClients, Integer webhookEndpoints,
            OffsetDateTime updatedAt) {

        static OverridesView of(QuotaOverrides o) {
            return new OverridesView(o.requestsPerSecond(), o.burst(), o.clientRequestsPerSecond(), o.clientBurst(),
                    o.ledgers(), o.apiKeys(), o.oauthClients(), o.webhookEndpoints(), o.updatedAt());
        }
    }

    /**
     * @param limits the counts in force (override or default), by quota name
     * @param usage what the organisation has of those IAM counts (webhook endpoints are counted by the webhook service)
     */
    @RegisterForReflection
    public record QuotasView(UUID organizationId, OverridesView overrides, Map<String, Integer> limits,
            Map<String, Long> usage) {

        static QuotasView of(QuotaService.Quotas quotas) {
            Map<String, Integer> limits = new LinkedHashMap<>();
            quotas.limits().forEach((quota, limit) -> limits.put(quota.apiName(), limit));
            Map<String, Long> usage = new LinkedHashMap<>();
            quotas.usage().forEach((Quota quota, Long count) -> usage.put(quota.apiName(), count));
            return new QuotasView(quotas.organizationId(), OverridesView.of(quotas.overrides()), limits, usage);
        }
    }
}
