package io.laas.iam.ledger.rest;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.laas.iam.ledger.repository.LedgerRepository;
import io.laas.iam.ledger.service.LedgerService;
import io.laas.web.security.Scopes;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * The registry as the platform's own services read it ({@code ops:admin}, which only clients of the operator's
 * organisation can hold): the command service asks here for a ledger it meets before its {@code ledger.created}
 * event, so that a ledger is usable in the request after it was created. Not routed by the gateway.
 */
@Path("/v1/ops/registry/ledgers")
@Tag(name = "Operations")
@RolesAllowed(Scopes.OPS_ADMIN)
public class RegistryLedgerResource {

    private final LedgerService ledgers;

    public RegistryLedgerResource(LedgerService ledgers) {
        this.ledgers = ledgers;
    }

    @GET
    @Path("/{ledger_id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Any ledger of the registry, with its organisation (platform services only)")
    public Uni<RegisteredLedger> get(@PathParam("ledger_id") String ledgerId) {
        UUID id = CanonicalIds.parse(ledgerId);
        if (id == null) {
            throw LedgerService.notFound(ledgerId);
        }
        return ledgers.registered(id).map(RegisteredLedger::of);
    }

    /** The fields of the registry's {@code ledger.archived} event: what a service keeps of a ledger. */
    @RegisterForReflection
    public record RegisteredLedger(UUID id, UUID orgId, UUID projectId, String code, String name, String currency,
            OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime archivedAt) {

        static RegisteredLedger of(LedgerRepository.Registered registered) {
            var ledger = registered.ledger();
            return new RegisteredLedger(ledger.id(), registered.organizationId(), ledger.projectId(), ledger.code(),
                    ledger.name(), ledger.currency(), ledger.createdAt(), ledger.updatedAt(), ledger.archivedAt());
        }
    }
}
