package io.laas.iam.token;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed token request (RFC 6749 §3.2, §4.4.2): form parameters, each at most once, parameters
 * without a value treated as omitted (§3.1), and the client credentials of exactly one method.
 */
public final class TokenRequest {

    private final Map<String, String> parameters;
    private final String authorization;

    private TokenRequest(Map<String, String> parameters, String authorization) {
        this.parameters = parameters;
        this.authorization = authorization;
    }

    public static TokenRequest parse(String contentType, String body, String authorization) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).trim()
                .matches("application/x-www-form-urlencoded\\s*(;.*)?")) {
            throw OAuthError.invalidRequest("The request must be application/x-www-form-urlencoded.");
        }
        Map<String, String> parameters = new HashMap<>();
        Set<String> seen = new HashSet<>();
        if (body != null && !body.isEmpty()) {
            for (String pair : body.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (!seen.add(name)) {
                    throw OAuthError.invalidRequest("Parameter " + name + " is included more than once.");
                }
                if (!value.isEmpty()) {
                    parameters.put(name, value);
                }
            }
        }
        return new TokenRequest(parameters, authorization == null || authorization.isBlank() ? null : authorization);
    }

    public Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    /** The grant type, validated: only client_credentials is served. */
    public String grantType() {
        String grantType = parameters.get("grant_type");
        if (grantType == null) {
            throw OAuthError.invalidRequest("Missing required parameter grant_type.");
        }
        if (!"client_credentials".equals(grantType)) {
            throw OAuthError.unsupportedGrantType("Only the client_credentials grant is supported.");
        }
        return grantType;
    }

    /** The credentials of the one authentication method the client used (RFC 6749 §2.3). */
    public ClientCredentials credentials() {
        String postedId = parameters.get("client_id");
        String postedSecret = parameters.get("client_secret");
        if (authorization != null) {
            int space = authorization.indexOf(' ');
            String scheme = space < 0 ? authorization : authorization.substring(0, space);
            if (!"basic".equalsIgnoreCase(scheme)) {
                throw OAuthError.invalidClient("Unsupported client authentication scheme; use Basic or the request body.", true);
            }
            if (postedSecret != null) {
                throw OAuthError.invalidRequest("The client used more than one authentication method.");
            }
            ClientCredentials basic = basic(authorization.substring(space < 0 ? authorization.length() : space + 1).trim());
            if (postedId != null && !postedId.equals(basic.clientId())) {
                throw OAuthError.invalidRequest("client_id in the body does not match the Authorization header.");
            }
            return basic;
        }
        if (postedSecret != null) {
            if (postedId == null) {
                throw OAuthError.invalidRequest("Missing required parameter client_id.");
            }
            return new ClientCredentials(postedId, postedSecret, ClientCredentials.Method.CLIENT_SECRET_POST);
        }
        throw OAuthError.invalidClient("Client authentication is required (client_secret_basic or client_secret_post).", true);
    }

    private static ClientCredentials basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthError.invalidClient("The Basic credentials are not valid base64.", true);
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw OAuthError.invalidClient("The Basic credentials must be client_id:client_secret.", true);
        }
        // RFC 6749 §2.3.1: both parts are form-urlencoded before being joined
        String id;
        String secret;
        try {
            id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthError.invalidClient("The Basic credentials are not form-urlencoded.", true);
        }
        if (secret.isEmpty()) {
            throw OAuthError.invalidClient("The Basic credentials carry no client secret.", true);
        }
        return new ClientCredentials(id, secret, ClientCredentials.Method.CLIENT_SECRET_BASIC);
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthError.invalidRequest("The request body is not valid application/x-www-form-urlencoded.");
        }
    }
}
