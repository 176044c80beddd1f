package io.laas.projector.projection.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.laas.projector.projection.repository.ProgressRepository;
import io.laas.tenancy.LedgerScope;
import io.laas.web.security.LedgerAccess;
import io.laas.web.security.Scopes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

@Path("/v1/ledgers/{ledger_id}/projection")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.LEDGER_READ)
@Tag(name = "Projection", description = "How far a ledger's read model is behind its events")
public class ProjectionResource {

    private final Pool pool;
    private final ProgressRepository progress;
    private final JsonWebToken jwt;

    public ProjectionResource(Pool pool, ProgressRepository progress, JsonWebToken jwt) {
        this.pool = pool;
        this.progress = progress;
        this.jwt = jwt;
    }

    /** The ledger's projected sequence and its lag behind the events the projector has received for it. */
    @GET
    public Uni<ProjectionResponse> get(@PathParam("ledger_id") String ledgerId) {
        UUID ledger = LedgerAccess.require(jwt, ledgerId);
        return LedgerScope.withLedger(pool, ledger, conn -> progress.lag(conn, ledger)).map(ProjectionResponse::of);
    }
}
