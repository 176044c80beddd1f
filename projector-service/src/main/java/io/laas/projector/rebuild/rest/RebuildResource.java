package io.laas.projector.rebuild.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.laas.projector.rebuild.service.RebuildService;
import io.laas.web.problem.ProblemException;
import io.laas.web.security.Scopes;
import io.smallrye.mutiny.Uni;

/**
 * Online rebuild of one ledger's projection from the command service's event log (scope {@code ops:admin}):
 * {@code POST} starts one (202, running), {@code GET} answers the ledger's latest.
 */
@Path("/v1/ops/projector/ledgers/{ledger_id}/rebuild")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.OPS_ADMIN)
@Tag(name = "Operations", description = "Rebuild a ledger's projection from the event log (ops:admin)")
public class RebuildResource {

    private final RebuildService rebuilds;

    public RebuildResource(RebuildService rebuilds) {
        this.rebuilds = rebuilds;
    }

    @POST
    @Operation(summary = "Rebuild the ledger's projection from the event log, online",
            description = "Reads go on being served from the current projection until the rebuilt one is swapped "
                    + "in. 409 REBUILD_IN_PROGRESS while one runs.")
    public Uni<Response> start(@PathParam("ledger_id") String ledgerId) {
        UUID ledger = ledger(ledgerId);
        return rebuilds.start(ledger).map(rebuild -> Response.accepted(RebuildResponse.of(rebuild))
                .header("Location", "/v1/ops/projector/ledgers/" + ledger + "/rebuild").build());
    }

    @GET
    @Operation(summary = "The ledger's latest rebuild")
    public Uni<RebuildResponse> latest(@PathParam("ledger_id") String ledgerId) {
        UUID ledger = ledger(ledgerId);
        return rebuilds.latest(ledger).onItem().ifNull().failWith(() -> ProblemException.notFound("REBUILD_NOT_FOUND",
                "Ledger " + ledgerId + " was never rebuilt.")).map(RebuildResponse::of);
    }

    private static UUID ledger(String ledgerId) {
        try {
            return UUID.fromString(ledgerId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("LEDGER_NOT_FOUND", "Ledger " + ledgerId + " was not found.");
        }
    }
}
