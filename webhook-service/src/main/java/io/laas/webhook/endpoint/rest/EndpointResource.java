package io.laas.webhook.endpoint.rest;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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

import com.fasterxml.jackson.databind.ObjectMapper;

import io.laas.web.pagination.Page;
import io.laas.web.pagination.PageRequest;
import io.laas.web.problem.ProblemException;
import io.laas.web.security.LedgerAccess;
import io.laas.web.security.Scopes;
import io.laas.webhook.audit.rest.Initiators;
import io.laas.webhook.config.WebhookConfig;
import io.laas.webhook.endpoint.EndpointChanges;
import io.laas.webhook.endpoint.EndpointSettings;
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
    private final ObjectMapper json;

    public EndpointResource(EndpointService service, JsonWebToken jwt, WebhookConfig config,
            EndpointQuotaConfig quotas, Initiators initiators, ObjectMapper json) {
        this.service = service;
        this.jwt = jwt;
        this.config = config;
        this.quotas = quotas;
        this.initiators = initiators;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.WEBHOOKS_WRITE)
    @Operation(summary = "Register an endpoint; the answer shows its signing secret, once")
    public Uni<Response> create(@PathParam("ledger_id") String ledgerId,
            @Valid @NotNull CreateEndpointRequest request) {
        var ledger = LedgerAccess.require(jwt, ledgerId);
        EndpointFields fields = new EndpointFields();
        fields.checkEventTypes(request.eventTypes());
        Map<String, String> headers = request.headers() == null ? Map.of() : fields.headers(request.headers());
        Optional<Integer> rateLimit = request.rateLimit() == null ? Optional.empty()
                : fields.positive("rate_limit", request.rateLimit(), Integer.MAX_VALUE);
        Optional<Integer> maxInFlight = request.maxInFlight() == null ? Optional.empty()
                : fields.positive("max_in_flight", request.maxInFlight(), config.maxInFlightPerEndpoint());
        Boolean fifo = request.fifo() == null || request.fifo().isNull() ? Boolean.FALSE
                : fields.bool("fifo", request.fifo());
        Boolean enabled = request.enabled() == null ? Boolean.TRUE : fields.bool("enabled", request.enabled());
        fields.check();
        EndpointSettings settings = new EndpointSettings(headers, rateLimit.orElse(null), maxInFlight.orElse(null),
                fifo, enabled);
        return service.create(initiators.current(), ledger, organization(), endpointQuota(), request.url(),
                request.eventTypes(), request.description(), settings)
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

    @PATCH
    @Path("/{endpoint_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.WEBHOOKS_WRITE)
    @Operation(summary = "Change an endpoint (JSON merge patch: fields left out are unchanged, null clears)")
    public Uni<EndpointResponse> update(@PathParam("ledger_id") String ledgerId,
            @PathParam("endpoint_id") String endpointId,
            @NotNull(message = "a JSON body is required") UpdateEndpointRequest request) {
        var ledger = LedgerAccess.require(jwt, ledgerId);
        EndpointFields fields = new EndpointFields();
        String url = null;
        if (request.url() != null) {
            url = fields.url(request.url());
            if (url == null && request.url().isNull()) {
                fields.add("url", "cannot be cleared");
            }
        }
        Optional<String> description = request.description() == null ? null
                : Optional.ofNullable(fields.description(request.description()));
        List<String> eventTypes = request.eventTypes() == null ? null : fields.eventTypes(request.eventTypes());
        Boolean enabled = request.enabled() == null ? null : fields.bool("enabled", request.enabled());
        Map<String, String> headers = request.headers() == null ? null : fields.headers(request.headers());
        Optional<Integer> rateLimit = request.rateLimit() == null ? null
                : fields.positive("rate_limit", request.rateLimit(), Integer.MAX_VALUE);
        Optional<Integer> maxInFlight = request.maxInFlight() == null ? null
                : fields.positive("max_in_flight", request.maxInFlight(), config.maxInFlightPerEndpoint());
        Boolean fifo = request.fifo() == null ? null : fields.bool("fifo", request.fifo());
        EndpointChanges changes = new EndpointChanges(url, description, eventTypes, enabled, headers, rateLimit,
                maxInFlight, fifo);
        fields.check();
        if (changes.isEmpty()) {
            fields.add("body", "must change at least one of url, description, event_types, enabled, headers,"
                    + " rate_limit, max_in_flight, fifo");
            fields.check();
        }
        return service.update(initiators.current(), ledger, endpointId, changes).map(EndpointResponse::of);
    }

    @DELETE
    @Path("/{endpoint_id}")
    @RolesAllowed(Scopes.WEBHOOKS_WRITE)
    @Operation(summary = "Delete an endpoint, its pending deliveries and its delivery log")
    public Uni<Response> delete(@PathParam("ledger_id") String ledgerId, @PathParam("endpoint_id") String endpointId) {
        var ledger = LedgerAccess.require(jwt, ledgerId);
        return service.delete(initiators.current(), ledger, endpointId).map(ignored -> Response.noContent().build());
    }

    @POST
    @Path("/{endpoint_id}/test")
    @RolesAllowed(Scopes.WEBHOOKS_WRITE)
    @Operation(summary = "Send a webhook.test message to this endpoint only")
    public Uni<Response> sendTest(@PathParam("ledger_id") String ledgerId, @PathParam("endpoint_id") String endpointId) {
        var ledger = LedgerAccess.require(jwt, ledgerId);
        return service.sendTest(ledger, endpointId)
                .map(message -> Response.accepted(new TestMessageResponse(message.id(), message.eventType())).build());
    }

    @POST
    @Path("/{endpoint_id}/secret/rotate")
    @RolesAllowed(Scopes.WEBHOOKS_WRITE)
    @Operation(summary = "Replace the signing secret; the previous one keeps signing during the overlap")
    public Uni<Response> rotateSecret(@PathParam("ledger_id") String ledgerId,
            @PathParam("endpoint_id") String endpointId, String body) {
        var ledger = LedgerAccess.require(jwt, ledgerId);
        EndpointFields fields = new EndpointFields();
        String secret = fields.secret(rotateRequest(body).secret());
        fields.check();
        return service.rotateSecret(initiators.current(), ledger, endpointId, secret)
                .map(rotated -> Response.ok(new RotatedSecretResponse(rotated.secret(),
                                rotated.endpoint().previousSecretExpiresAt()))
                        // the body carries the signing secret: no cache may keep it
                        .header(HttpHeaders.CACHE_CONTROL, "no-store")
                        .header("Pragma", "no-cache")
                        .build());
    }

    /**
     * The optional body of a rotation, read whatever its content type (a bodiless {@code POST} often carries none,
     * or a form type).
     */
    private RotateSecretRequest rotateRequest(String body) {
        if (body == null || body.isBlank()) {
            return new RotateSecretRequest(null);
        }
        try {
            return json.readValue(body, RotateSecretRequest.class);
        } catch (IOException e) {
            throw ProblemException.badRequest("MALFORMED_REQUEST", "The body is not a JSON object with an optional"
                    + " secret.");
        }
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
