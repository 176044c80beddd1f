package io.laas.iam.ledger.rest;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.laas.iam.ledger.Ledger;
import io.laas.iam.ledger.service.LedgerService;
import io.laas.web.security.LedgerAccess;
import io.laas.web.security.Scopes;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

@Path("/v1/ledgers")
@Tag(name = "Ledgers")
public class LedgerResource {

    private final LedgerService ledgers;
    private final JsonWebToken jwt;

    public LedgerResource(LedgerService ledgers, JsonWebToken jwt) {
        this.ledgers = ledgers;
        this.jwt = jwt;
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

    @RegisterForReflection
    public record LedgerList(List<LedgerView> data) {
    }

    @RegisterForReflection
    public record LedgerView(UUID id, String code, String name, String currency, UUID projectId) {
        static LedgerView of(Ledger ledger) {
            return new LedgerView(ledger.id(), ledger.code(), ledger.name(), ledger.currency(), ledger.projectId());
        }
    }
}
