package io.laas.iam.audit.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.laas.iam.audit.rest.AuditEventResource.AuditEventView;
import io.laas.iam.audit.service.AuditLog;
import io.laas.web.pagination.Page;
import io.laas.web.problem.ProblemException;
import io.laas.web.query.KnownQueryParameters;
import io.laas.web.security.Scopes;
import io.smallrye.mutiny.Uni;

/** Any organisation's audit log, for the operator ({@code ops:admin}); the same filters and pages as its owners'. */
@Path("/v1/ops/organizations/{organization_id}/audit-events")
@Tag(name = "Audit events")
@Produces(MediaType.APPLICATION_JSON)
public class OperatorAuditEventResource {

    private final AuditLog audit;

    public OperatorAuditEventResource(AuditLog audit) {
        this.audit = audit;
    }

    @GET
    @RolesAllowed(Scopes.OPS_ADMIN)
    @KnownQueryParameters
    @Operation(summary = "Any organisation's audit events, newest first (operator)")
    public Uni<Page<AuditEventView>> list(@PathParam("organization_id") String organizationId,
            @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("actor_id") String actorId, @QueryParam("action") String action,
            @QueryParam("target_type") String targetType, @QueryParam("target_id") String targetId,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return AuditEventResource.find(audit, organizationOf(organizationId), from, to, actorId, action, targetType,
                targetId, limit, cursor);
    }

    /** A malformed id is refused; an organisation that does not exist simply has no events. */
    private static UUID organizationOf(String value) {
        try {
            UUID id = UUID.fromString(value);
            if (id.toString().equalsIgnoreCase(value)) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw ProblemException.validation("organization_id", "must be a UUID");
    }
}
