package io.laas.webhook.message.rest;

import java.time.Instant;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.laas.web.query.QueryValues;
import io.laas.web.security.LedgerAccess;
import io.laas.web.security.Scopes;
import io.laas.webhook.message.service.MessageService;
import io.smallrye.mutiny.Uni;

/** Recovery of an endpoint's failed deliveries (the endpoint's own resource is the endpoint feature's). */
@Path("/v1/ledgers/{ledger_id}/webhook-endpoints/{endpoint_id}/recover")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Webhook messages")
public class EndpointRecoveryResource {

    private final MessageService service;
    private final JsonWebToken jwt;

    public EndpointRecoveryResource(MessageService service, JsonWebToken jwt) {
        this.service = service;
        this.jwt = jwt;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.WEBHOOKS_WRITE)
    @Operation(summary = "Deliver again every failed message of the endpoint received in a window of the last 14 days")
    public Uni<Response> recover(@PathParam("ledger_id") String ledgerId, @PathParam("endpoint_id") String endpointId,
            RecoverRequest request) {
        var ledger = LedgerAccess.require(jwt, ledgerId);
        QueryValues body = new QueryValues();
        Instant since = body.instant("since", request == null ? null : request.since());
        Instant until = body.instant("until", request == null ? null : request.until());
        Instant now = Instant.now();
        if (since == null && (request == null || body.text(request.since()) == null)) {
            body.add("since", "is required");
        } else if (since != null && since.isBefore(now.minus(MessageService.RECOVERY_WINDOW))) {
            body.add("since", "must be within the last " + MessageService.RECOVERY_WINDOW.toDays() + " days");
        }
        if (since != null && until != null && !until.isAfter(since)) {
            body.add("until", "must be later than since");
        }
        body.check();
        return service.recover(ledger, endpointId, since, until)
                .map(recovered -> Response.accepted(new RecoveredResponse(recovered)).build());
    }
}
