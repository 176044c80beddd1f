package io.laas.webhook.endpoint.rest;

import java.net.URI;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.laas.web.pagination.Page;
import io.laas.web.pagination.PageRequest;
import io.laas.web.problem.ProblemException;
import io.laas.web.security.LedgerAccess;
import io.laas.web.security.Scopes;
import io.laas.webhook.audit.rest.Initiators;
import io.laas.webhook.config.WebhookConfig;
import io.laas.webhook.endpoint.config.EndpointQuotaConfig;
import io.laas.webhook.endpoint.service.EndpointService;
import io.smallrye.mutiny.Uni;

@Path("/v1/ledgers/{ledger_id}/webhook-endpoints")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Webhook endpoints")
public class EndpointResource {

    private final EndpointService service;
    private final JsonWebToken jwt;
    private final WebhookConfig config;
    private final EndpointQuotaConfig quotas;

    private final Initiators initiators;

    public EndpointResource(EndpointService service, JsonWebToken jwt, WebhookConfig config,
            EndpointQuotaConfig quotas, Initiators initiators) {
        this.service = service;
        this.jwt = jwt;
        this.config = config;
        this.quotas = quotas;
        this.initiators = initiators;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.WEBHOOKS_WRITE)
    @Operation(summary = "Register an endpoint; the answer shows its signing secret, once")
    public Uni<Response> create(@PathParam("ledger_id") String ledgerId,
            @Valid @NotNull CreateEndpointRequest request) {
        var ledger = LedgerAccess.require(jwt, ledgerId);
        return service.create(initiators.current(), ledger, organization(), endpointQuota(), request.url(),
                request.eventTypes(), request.description())
                .map(endpoint -> Response
                        .created(URI.create("/v1/ledgers/" + ledger + "/webhook-endpoints/" + endpoint.id()))
                        .entity(CreatedEndpointResponse.of(endpoint))
                        // the body carries the signing secret: no cache may keep it (as RFC 6749 §5.1 for tokens)
                        .header(HttpHeaders.CACHE_CONTROL, "no-store")
                        .header("Pragma", "no-cache")
                        .build());
    }

    @GET
    @RolesAllowed(Scopes.WEBHOOKS_READ)
    @Operation(summary = "List the ledger's endpoints in creation order")
    public Uni<Page<EndpointResponse>> list(@PathParam("ledger_id") String ledgerId,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        var ledger = LedgerAccess.require(jwt, ledgerId);
        PageRequest page = PageRequest.of(limit, cursor, EndpointService.endpointsCursorKind(),
                config.pagination().defaultLimit(), config.pagination().maxLimit());
        return service.list(ledger, page)
                .map(p -> new Page<>(p.data().stream().map(EndpointResponse::of).toList(), p.nextCursor()));
    }

    @GET
    @Path("/{endpoint_id}")
    @RolesAllowed(Scopes.WEBHOOKS_READ)
    @Operation(summary = "Read one endpoint (without its secret)")
    public Uni<EndpointResponse> get(@PathParam("ledger_id") String ledgerId,
            @PathParam("endpoint_id") String endpointId) {
        var ledger = LedgerAccess.require(jwt, ledgerId);
        return service.get(ledger, endpointId).map(EndpointResponse::of);
    }

    @GET
    @Path("/{endpoint_id}/attempts")
    @RolesAllowed(Scopes.WEBHOOKS_READ)
    @Operation(summary = "The endpoint's delivery log, newest attempt first")
    public Uni<Page<AttemptResponse>> attempts(@PathParam("ledger_id") String ledgerId,
            @PathParam("endpoint_id") String endpointId,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        var ledger = LedgerAccess.require(jwt, ledgerId);
        PageRequest page = PageRequest.of(limit, cursor, EndpointService.attemptsCursorKind(),
                config.pagination().defaultLimit(), config.pagination().maxLimit());
        return service.attempts(ledger, endpointId, page)
                .map(p -> new Page<>(p.data().stream().map(AttemptResponse::of).toList(), p.nextCursor()));
    }

    /** The organisation of the token ({@code org_id}), which the endpoint counts against. */
    private UUID organization() {
        Object claim = jwt.getClaim(LedgerAccess.ORG_CLAIM);
        String value = claim instanceof JsonString text ? text.getString() : claim == null ? null : claim.toString();
        try {
            if (value != null) {
                return UUID.fromString(value);
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new ProblemException(403, "FORBIDDEN", "Forbidden", "This token names no organisation.");
    }

    /** The organisation's override from the token's {@code limits} claim, else the configured default. */
    private int endpointQuota() {
        if (jwt.getClaim("limits") instanceof JsonObject limits
                && limits.get("webhook_endpoints") instanceof JsonNumber override && override.intValue() >= 0) {
            return override.intValue();
        }
        return quotas.webhookEndpoints();
    }
}
