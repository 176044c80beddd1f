package io.laas.projector.overview.rest;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.laas.projector.overview.repository.OverviewRepository;
import io.laas.web.security.LedgerAccess;
import io.laas.web.security.Scopes;
import io.smallrye.mutiny.Uni;

@Path("/v1/ledgers/{ledger_id}/overview")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.LEDGER_READ)
@Tag(name = "Overview", description = "A ledger at a glance: its accounts and what it posted lately (read model)")
public class OverviewResource {

    private final OverviewRepository overviews;
    private final JsonWebToken jwt;

    public OverviewResource(OverviewRepository overviews, JsonWebToken jwt) {
        this.overviews = overviews;
        this.jwt = jwt;
    }

    @GET
    @Operation(summary = "The ledger's number of accounts and its posted volume over the last 24 hours and 30 days")
    public Uni<OverviewResponse> get(@PathParam("ledger_id") String ledgerId) {
        UUID ledger = LedgerAccess.require(jwt, ledgerId);
        OffsetDateTime asOf = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        return overviews.overview(ledger, asOf).map(OverviewResponse::of);
    }
}
