package io.laas.iam.token.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.laas.iam.token.OAuthError;
import io.laas.iam.token.service.TokenLifecycleService;
import io.smallrye.mutiny.Uni;

/** Token revocation (RFC 7009) and introspection (RFC 7662); clients authenticate as at the token endpoint. */
@Path("/oauth")
@Tag(name = "OAuth2")
public class TokenLifecycleResource {

    private final TokenLifecycleService tokens;

    public TokenLifecycleResource(TokenLifecycleService tokens) {
        this.tokens = tokens;
    }

    @POST
    @Path("/revoke")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Revoke one of the client's access tokens (200 also for an unknown or expired token)")
    public Uni<Response> revoke(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body) {
        return Uni.createFrom().item(() -> TokenRequestParser.parseTokenOperation(contentType, body, authorization))
                .chain(tokens::revoke)
                .map(ignored -> TokenResource.noStore(Response.ok()).build());
    }

    @POST
    @Path("/introspect")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Whether an access token is active, and its claims (the token's own client or a platform client)")
    public Uni<Response> introspect(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body) {
        return Uni.createFrom().item(() -> TokenRequestParser.parseTokenOperation(contentType, body, authorization))
                .chain(tokens::introspect)
                .map(answer -> TokenResource.noStore(Response.ok(answer.encode(), MediaType.APPLICATION_JSON_TYPE)).build());
    }

    @ServerExceptionMapper
    public Response oauthError(OAuthError error) {
        return TokenResource.render(error);
    }
}
