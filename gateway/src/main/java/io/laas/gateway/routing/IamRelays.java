package io.laas.gateway.routing;

import java.util.List;
import java.util.Optional;

/**
 * The routes the gateway relays to IAM outside the {@link RoutingTable}: the OAuth2 endpoints, which
 * authenticate the client themselves, and the console's people routes, which a person reaches without a
 * token (sign-up, login, accepting an invitation) or with the session cookie. The public API document and
 * the gateway's routes are both made from this list.
 */
public final class IamRelays {

    /** How a relayed request is authenticated. */
    public enum Authentication {
        /** OAuth2 client authentication at IAM (client_secret_basic or client_secret_post). */
        CLIENT,
        /** Nothing: a public document, or a person proving who they are in the body. */
        NONE,
        /** The console's session cookie. */
        SESSION
    }

    /** One relay; {@code path} is an OpenAPI template. */
    public record Relay(String method, String path, Authentication authentication) {
    }

    /** IAM's OAuth2 endpoints: token (RFC 6749), revocation (RFC 7009), introspection (RFC 7662). */
    public static final List<String> OAUTH_ENDPOINTS = List.of("/oauth/token", "/oauth/revoke", "/oauth/introspect");

    public static final List<Relay> ALL = List.of(
            new Relay("POST", "/oauth/token", Authentication.CLIENT),
            new Relay("POST", "/oauth/revoke", Authentication.CLIENT),
            new Relay("POST", "/oauth/introspect", Authentication.CLIENT),
            new Relay("GET", "/.well-known/openid-configuration", Authentication.NONE),
            new Relay("GET", "/.well-known/jwks.json", Authentication.NONE),
            new Relay("POST", "/v1/signup", Authentication.NONE),
            new Relay("POST", "/v1/sessions", Authentication.NONE),
            new Relay("POST", "/v1/invitations/{token}/accept", Authentication.NONE),
            new Relay("GET", "/v1/sessions/current", Authentication.SESSION),
            new Relay("DELETE", "/v1/sessions/current", Authentication.SESSION),
            new Relay("GET", "/v1/sessions/current/organizations", Authentication.SESSION),
            new Relay("POST", "/v1/sessions/current/organization", Authentication.SESSION),
            new Relay("DELETE", "/v1/sessions", Authentication.SESSION));

    private IamRelays() {
    }

    public static Optional<Relay> find(String method, String template) {
        return ALL.stream().filter(r -> r.method().equalsIgnoreCase(method) && r.path().equals(template)).findFirst();
    }
}
