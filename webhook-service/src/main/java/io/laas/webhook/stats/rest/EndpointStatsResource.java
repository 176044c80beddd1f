package io.laas.webhook.stats.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.laas.web.problem.ProblemException;
import io.laas.web.security.LedgerAccess;
import io.laas.web.security.Scopes;
import io.laas.webhook.stats.StatsWindow;
import io.laas.webhook.stats.service.EndpointStatsService;
import io.smallrye.mutiny.Uni;

@Path("/v1/ledgers/{ledger_id}/webhook-endpoints/{endpoint_id}/stats")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Webhook endpoints")
public class EndpointStatsResource {

    private final EndpointStatsService service;
    private final JsonWebToken jwt;

    public EndpointStatsResource(EndpointStatsService service, JsonWebToken jwt) {
        this.service = service;
        this.jwt = jwt;
    }

    @GET
    @RolesAllowed(Scopes.WEBHOOKS_READ)
    @Operation(summary = "The endpoint's success rate, latency, last answer and queue over a window")
    public Uni<EndpointStatsResponse> stats(@PathParam("ledger_id") String ledgerId,
            @PathParam("endpoint_id") String endpointId, @QueryParam("window") String window) {
        var ledger = LedgerAccess.require(jwt, ledgerId);
        StatsWindow parsed = window == null ? StatsWindow.DAY : StatsWindow.of(window)
                .orElseThrow(() -> ProblemException.validation("window", "must be one of 1h, 24h, 7d"));
        return service.of(ledger, endpointId, parsed).map(EndpointStatsResponse::of);
    }
}
