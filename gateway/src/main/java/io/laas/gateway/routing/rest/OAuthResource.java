package io.laas.gateway.routing.rest;

import java.util.regex.Pattern;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.laas.gateway.routing.service.ApiGateway;
import io.laas.gateway.routing.service.ForwardedHeaders;
import io.laas.web.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * IAM's public OAuth2 endpoints, unauthenticated: the token endpoint and the discovery documents, at the
 * root and under {@code /api/auth} (prefix stripped).
 */
@Path("/")
@Tag(name = "OAuth2", description = "Relayed to iam-service without authentication")
public class OAuthResource {

    static final String API_AUTH_PREFIX = "/api/auth";
    private static final Pattern DOCUMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,100}");

    private final ApiGateway gateway;

    public OAuthResource(ApiGateway gateway) {
        this.gateway = gateway;
    }

    @POST
    @Path("oauth/token")
    @Operation(summary = "OAuth2 token endpoint (client_credentials)")
    public Uni<Response> token(@Context HttpServerRequest request, byte[] body) {
        return forward(request, "/oauth/token", null, body, false);
    }

    @POST
    @Path("api/auth/oauth/token")
    @Operation(summary = "OAuth2 token endpoint (client_credentials)")
    public Uni<Response> prefixedToken(@Context HttpServerRequest request, byte[] body) {
        return forward(request, "/oauth/token", API_AUTH_PREFIX, body, false);
    }

    @GET
    @Path(".well-known/{document}")
    @Operation(summary = "Discovery (openid-configuration) and JWKS (jwks.json)")
    public Uni<Response> wellKnown(@Context HttpServerRequest request, @PathParam("document") String document) {
        return forward(request, wellKnownPath(document), null, null, false);
    }

    @HEAD
    @Path(".well-known/{document}")
    public Uni<Response> headWellKnown(@Context HttpServerRequest request, @PathParam("document") String document) {
        return forward(request, wellKnownPath(document), null, null, true);
    }

    @GET
    @Path("api/auth/.well-known/{document}")
    @Operation(summary = "Discovery (openid-configuration) and JWKS (jwks.json)")
    public Uni<Response> prefixedWellKnown(@Context HttpServerRequest request,
            @PathParam("document") String document) {
        return forward(request, wellKnownPath(document), API_AUTH_PREFIX, null, false);
    }

    private Uni<Response> forward(HttpServerRequest request, String iamPath, String prefix, byte[] body,
            boolean head) {
        String requestId = ForwardedHeaders.requestId(request);
        return gateway.forwardToIam(request, iamPath, prefix,
                body == null ? null : io.vertx.mutiny.core.buffer.Buffer.buffer(body), requestId)
                .map(upstream -> Relay.toResponse(upstream, head, requestId));
    }

    private static String wellKnownPath(String document) {
        if (!DOCUMENT.matcher(document).matches()) {
            throw ProblemException.notFound("NOT_FOUND", "No such document.");
        }
        return "/.well-known/" + document;
    }
}
