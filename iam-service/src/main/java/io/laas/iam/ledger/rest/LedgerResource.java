package io.laas.iam.ledger.rest;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Null;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.laas.iam.audit.rest.Initiators;
import io.laas.iam.ledger.Ledger;
import io.laas.iam.ledger.service.LedgerService;
import io.laas.iam.tenant.rest.AdministeredOrganization;
import io.laas.web.security.LedgerAccess;
import io.laas.web.security.Scopes;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

@Path("/v1/ledgers")
@Tag(name = "Ledgers")
public class LedgerResource {

    private final LedgerService ledgers;
    private final JsonWebToken jwt;
    private final Initiators initiators;

    public LedgerResource(LedgerService ledgers, JsonWebToken jwt, Initiators initiators) {
        this.ledgers = ledgers;
        this.jwt = jwt;
        this.initiators = initiators;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.LEDGER_READ)
    @Operation(summary = "The ledgers the access token grants")
    public Uni<LedgerList> list() {
        List<UUID> granted = List.copyOf(LedgerAccess.grantedLedgers(jwt));
        Object claim = jwt.getClaim(LedgerAccess.PROJECT_CLAIM);
        UUID projectId = null;
        if (claim != null) {
            try {
                projectId = UUID.fromString(claim instanceof jakarta.json.JsonString s ? s.getString() : claim.toString());
            } catch (IllegalArgumentException e) {
                // a token naming no valid project grants nothing here
                granted = List.of();
            }
        }
        return ledgers.granted(granted, projectId)
                .map(list -> new LedgerList(list.stream().map(LedgerView::of).toList()));
    }

    @GET
    @Path("/{ledger_id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.IAM_ADMIN)
    @Operation(summary = "One ledger of the organisation")
    public Uni<LedgerDetails> get(@PathParam("ledger_id") String ledgerId) {
        UUID organizationId = AdministeredOrganization.of(jwt);
        return ledgers.get(organizationId, ledgerIdOf(ledgerId)).map(LedgerDetails::of);
    }

    @PATCH
    @Path("/{ledger_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.IAM_ADMIN)
    @Operation(summary = "Rename a ledger (its code and currency never change)")
    public Uni<LedgerDetails> update(@PathParam("ledger_id") String ledgerId, @Valid @NotNull UpdateLedger request) {
        UUID organizationId = AdministeredOrganization.of(jwt);
        return ledgers.rename(initiators.current(),
                organizationId, ledgerIdOf(ledgerId), request.name().strip()).map(LedgerDetails::of);
    }

    @POST
    @Path("/{ledger_id}/archive")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.IAM_ADMIN)
    @Operation(summary = "Archive a ledger: no more writes, reads still allowed")
    public Uni<LedgerDetails> archive(@PathParam("ledger_id") String ledgerId) {
        UUID organizationId = AdministeredOrganization.of(jwt);
        return ledgers.archive(initiators.current(), organizationId, ledgerIdOf(ledgerId)).map(LedgerDetails::of);
    }

    private static UUID ledgerIdOf(String ledgerId) {
        UUID id = CanonicalIds.parse(ledgerId);
        if (id == null) {
            throw LedgerService.notFound(ledgerId);
        }
        return id;
    }

    /** Only the name changes; {@code code} and {@code currency} are named so that a change is refused, not ignored. */
    @RegisterForReflection
    public record UpdateLedger(
            @NotNull @Pattern(regexp = ".*\\S.*", message = "must not be blank") @Size(max = 200) String name,
            @Null(message = "cannot be changed") String code,
            @Null(message = "cannot be changed") String currency) {
    }

    @RegisterForReflection
    public record LedgerList(List<LedgerView> data) {
    }

    @RegisterForReflection
    public record LedgerView(UUID id, String code, String name, String currency, UUID projectId,
            OffsetDateTime archivedAt) {
        static LedgerView of(Ledger ledger) {
            return new LedgerView(ledger.id(), ledger.code(), ledger.name(), ledger.currency(), ledger.projectId(),
                    ledger.archivedAt());
        }
    }
}
