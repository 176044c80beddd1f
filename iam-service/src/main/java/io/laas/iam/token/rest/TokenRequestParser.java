package io.laas.iam.token.rest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.laas.iam.token.ClientCredentials;
import io.laas.iam.token.OAuthError;
import io.laas.iam.token.TokenOperation;
import io.laas.iam.token.TokenRequest;

/**
 * Reads the HTTP form of a token request (RFC 6749 §3.2, §4.4.2) into a {@link TokenRequest}, or fails
 * with the {@link OAuthError} that answers it, checked in this order: the content type, the form (each
 * parameter at most once; a parameter without a value counts as omitted, §3.1), the grant type (only
 * {@code client_credentials}), the client credentials of exactly one method (§2.3) and the syntax of
 * {@code scope} (§3.3).
 */
final class TokenRequestParser {

    private static final Pattern FORM_CONTENT_TYPE = Pattern.compile("application/x-www-form-urlencoded\\s*(;.*)?");
    // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");
    static final String CLIENT_CREDENTIALS = "client_credentials";

    private TokenRequestParser() {
    }

    /**
     * @param contentType the {@code Content-Type} header, or null
     * @param body the request body, or null
     * @param authorization the {@code Authorization} header, or null
     */
    static TokenRequest parse(String contentType, String body, String authorization) {
        if (contentType == null || !FORM_CONTENT_TYPE.matcher(contentType.toLowerCase(Locale.ROOT).trim()).matches()) {
            throw OAuthError.invalidRequest("The request must be application/x-www-form-urlencoded.");
        }
        Map<String, String> parameters = form(body);
        String grantType = parameters.get("grant_type");
        if (grantType == null) {
            throw OAuthError.invalidRequest("Missing required parameter grant_type.");
        }
        if (!CLIENT_CREDENTIALS.equals(grantType)) {
            throw OAuthError.unsupportedGrantType("Only the client_credentials grant is supported.");
        }
        ClientCredentials credentials = credentials(parameters,
                authorization == null || authorization.isBlank() ? null : authorization);
        return new TokenRequest(credentials, scopes(parameters.get("scope")));
    }

    /**
     * Reads a revocation (RFC 7009 §2.1) or introspection (RFC 7662 §2.1) request: the same content type, form
     * and client authentication rules, then the required {@code token} parameter.
     */
    static TokenOperation parseTokenOperation(String contentType, String body, String authorization) {
        if (contentType == null || !FORM_CONTENT_TYPE.matcher(contentType.toLowerCase(Locale.ROOT).trim()).matches()) {
            throw OAuthError.invalidRequest("The request must be application/x-www-form-urlencoded.");
        }
        Map<String, String> parameters = form(body);
        ClientCredentials credentials = credentials(parameters,
                authorization == null || authorization.isBlank() ? null : authorization);
        String token = parameters.get("token");
        if (token == null) {
            throw OAuthError.invalidRequest("Missing required parameter token.");
        }
        return new TokenOperation(credentials, token);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> parameters = new HashMap<>();
        Set<String> seen = new HashSet<>();
        if (body == null || body.isEmpty()) {
            return parameters;
        }
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
        return parameters;
    }

    private static ClientCredentials credentials(Map<String, String> parameters, String authorization) {
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

    /** The space-separated scope tokens, in request order and without repeats; none when absent or blank. */
    private static Set<String> scopes(String scope) {
        Set<String> scopes = new LinkedHashSet<>();
        if (scope == null) {
            return scopes;
        }
        for (String token : scope.split(" ")) {
            if (token.isEmpty()) {
                continue;
            }
            if (!SCOPE_TOKEN.matcher(token).matches()) {
                throw OAuthError.invalidScope("The scope parameter is malformed.");
            }
            scopes.add(token);
        }
        return scopes;
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthError.invalidRequest("The request body is not valid application/x-www-form-urlencoded.");
        }
    }
}
