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
import io.laas.iam.token.service.TokenService;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/** OAuth2 token endpoint (RFC 6749 §4.4, §5). */
@Path("/oauth/token")
@Tag(name = "OAuth2")
public class TokenResource {

    private final TokenService tokens;

    public TokenResource(TokenService tokens) {
        this.tokens = tokens;
    }

    // Any content type is accepted here so that a wrong one is answered as an OAuth2 error, not a 415.
    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue an access token (client_credentials; client_secret_basic or client_secret_post)")
    public Uni<Response> token(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body) {
        return Uni.createFrom().item(() -> TokenRequestParser.parse(contentType, body, authorization))
                .chain(tokens::issue)
                .map(token -> noStore(Response.ok(token, MediaType.APPLICATION_JSON_TYPE)).build());
    }

    @ServerExceptionMapper
    public Response oauthError(OAuthError error) {
        return render(error);
    }

    /** The RFC 6749 §5.2 answer to an error of any OAuth2 endpoint. */
    static Response render(OAuthError error) {
        Response.ResponseBuilder response = noStore(Response.status(error.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(error.error(), error.description())));
        if (error.basicChallenge()) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"laas\"");
        }
        return response.build();
    }

    static Response.ResponseBuilder noStore(Response.ResponseBuilder response) {
        return response.header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache");
    }

    /** RFC 6749 §5.2 error body. */
    @RegisterForReflection
    public record ErrorBody(String error, String errorDescription) {
    }
}
