package io.laas.gateway.routing.rest;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.laas.gateway.routing.service.ApiGateway;
import io.laas.gateway.routing.service.ForwardedHeaders;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The public API under {@code /v1}: every request needs a valid bearer token (a JWT issued by IAM, or a
 * raw API key that the gateway exchanges for one) and is forwarded to the service that owns it.
 */
@Path("/v1")
@Authenticated
@Tag(name = "API", description = "Routed to iam, ledger-command, projector or webhook service")
public class ApiResource {

    private final ApiGateway gateway;
    private final CurrentIdentityAssociation identities;

    public ApiResource(ApiGateway gateway, CurrentIdentityAssociation identities) {
        this.gateway = gateway;
        this.identities = identities;
    }

    @GET
    @Path("{path: .*}")
    @Operation(summary = "Reads: projector (ledger:read), webhook service (webhooks:read), IAM for /v1/ledgers")
    public Uni<Response> get(@Context HttpServerRequest request) {
        return forward(request, null, false);
    }

    @HEAD
    @Path("{path: .*}")
    public Uni<Response> head(@Context HttpServerRequest request) {
        return forward(request, null, true);
    }

    @POST
    @Path("{path: .*}")
    @Operation(summary = "Writes: ledger-command service (ledger:write) or webhook service (webhooks:write)")
    public Uni<Response> post(@Context HttpServerRequest request, byte[] body) {
        return forward(request, body, false);
    }

    @PUT
    @Path("{path: .*}")
    public Uni<Response> put(@Context HttpServerRequest request, byte[] body) {
        return forward(request, body, false);
    }

    @PATCH
    @Path("{path: .*}")
    public Uni<Response> patch(@Context HttpServerRequest request, byte[] body) {
        return forward(request, body, false);
    }

    @DELETE
    @Path("{path: .*}")
    public Uni<Response> delete(@Context HttpServerRequest request, byte[] body) {
        return forward(request, body, false);
    }

    private Uni<Response> forward(HttpServerRequest request, byte[] body, boolean head) {
        String requestId = ForwardedHeaders.requestId(request);
        return identities.getDeferredIdentity()
                .chain(identity -> gateway.forwardApi(request, identity,
                        body == null ? null : io.vertx.mutiny.core.buffer.Buffer.buffer(body), requestId))
                .map(upstream -> Relay.toResponse(upstream, head, requestId));
    }
}
