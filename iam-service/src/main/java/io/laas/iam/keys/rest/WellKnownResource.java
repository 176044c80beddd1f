package io.laas.iam.keys.rest;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.laas.iam.config.IssuerConfig;
import io.laas.iam.keys.service.SigningKeyService;
import io.laas.web.security.Scopes;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * JWKS and discovery. Verifiers fetch them at IAM's internal URL, but the documents name the public
 * issuer: that is the value inside every token.
 */
@Path("/.well-known")
@Tag(name = "OAuth2")
public class WellKnownResource {

    private final SigningKeyService keys;
    private final IssuerConfig issuer;

    public WellKnownResource(SigningKeyService keys, IssuerConfig issuer) {
        this.keys = keys;
        this.issuer = issuer;
    }

    @GET
    @Path("/jwks.json")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Public keys that verify access tokens (active and recently retired)")
    public Uni<Response> jwks() {
        return keys.publishedKeys().map(list -> Response
                .ok(new JsonObject().put("keys", new JsonArray(List.copyOf(list))).encode(), MediaType.APPLICATION_JSON_TYPE)
                // short enough for a new key to spread before it signs anything
                .header(HttpHeaders.CACHE_CONTROL, "public, max-age=300")
                .build());
    }

    @GET
    @Path("/openid-configuration")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Authorisation server metadata")
    public Map<String, Object> configuration() {
        return Map.of(
                "issuer", issuer.issuer(),
                "token_endpoint", issuer.issuerUrl("/oauth/token"),
                "jwks_uri", issuer.issuerUrl("/.well-known/jwks.json"),
                "grant_types_supported", List.of("client_credentials"),
                "token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"),
                "scopes_supported", List.copyOf(new TreeSet<>(Scopes.ALL)),
                "response_types_supported", List.of("token"),
                "subject_types_supported", List.of("public"),
                "id_token_signing_alg_values_supported", List.of("RS256"));
    }
}
