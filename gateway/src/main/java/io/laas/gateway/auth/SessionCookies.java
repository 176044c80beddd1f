package io.laas.gateway.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.laas.web.problem.ProblemException;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * The console's cookies and their CSRF defence.
 * <ul>
 * <li>{@value #SESSION} holds the session token: {@code HttpOnly; Secure; SameSite=Strict; Path=/} and the
 * {@code __Host-} prefix (no {@code Domain}, so no sibling host can set or read it). Always {@code Secure}:
 * browsers treat {@code http://localhost} as a secure context, so the local stack needs no exception.</li>
 * <li>{@value #CSRF} holds the CSRF token, readable by the console's scripts, which send it back in
 * {@value #CSRF_HEADER} on every unsafe request. The token is derived from the session token (SHA-256
 * under a label of its own), so it is bound to the session, any replica can check it without state, and
 * a page on another site can neither read it nor compute it.</li>
 * </ul>
 * An unsafe request (POST, PUT, PATCH, DELETE) authenticated by the cookie needs the header, and, when the
 * browser sends an {@code Origin}, an origin that is the gateway's own or an allowed one. Requests with an
 * {@code Authorization} header are not concerned: a browser never adds one on its own.
 */
public final class SessionCookies {

    public static final String SESSION = "__Host-laas_session";
    public static final String CSRF = "__Host-laas_csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{20,200}");

    private SessionCookies() {
    }

    /** The session token of the request's cookie, or null when there is none (or it cannot be one). */
    public static String sessionToken(HttpServerRequest request) {
        Cookie cookie = request.getCookie(SESSION);
        String value = cookie == null ? null : cookie.getValue();
        return value != null && TOKEN.matcher(value).matches() ? value : null;
    }

    /** Whether the request is authenticated by the session cookie (it has one and no Authorization header). */
    public static boolean bySession(HttpServerRequest request) {
        return request.getHeader(HttpHeaders.AUTHORIZATION) == null && sessionToken(request) != null;
    }

    public static boolean isUnsafe(HttpMethod method) {
        return !SAFE.contains(method);
    }

    /** The CSRF token of a session. */
    public static String csrfToken(String sessionToken) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("laas-csrf:" + sessionToken).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Refuses (403) an unsafe request sent with the session cookie that lacks the session's CSRF token or
     * comes from a foreign origin. Safe methods and requests without the cookie pass.
     */
    public static void checkUnsafeRequest(HttpServerRequest request, List<String> allowedOrigins) {
        String session = sessionToken(request);
        if (session == null || !isUnsafe(request.method()) || request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
            return;
        }
        checkOrigin(request, allowedOrigins);
        String presented = request.getHeader(CSRF_HEADER);
        if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                csrfToken(session).getBytes(StandardCharsets.UTF_8))) {
            throw new ProblemException(403, "CSRF_TOKEN_INVALID", "Forbidden",
                    "A request signed in by the session cookie needs the session's CSRF token in " + CSRF_HEADER + ".");
        }
    }

    /** Refuses (403 ORIGIN_NOT_ALLOWED) a browser request whose {@code Origin} is neither the gateway's nor allowed. */
    public static void checkOrigin(HttpServerRequest request, List<String> allowedOrigins) {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null || allowedOrigins.contains(origin) || isSameHost(origin, request)) {
            return;
        }
        throw new ProblemException(403, "ORIGIN_NOT_ALLOWED", "Forbidden",
                "Requests from the origin " + origin + " may not use the session.");
    }

    private static boolean isSameHost(String origin, HttpServerRequest request) {
        if (request.authority() == null) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            if (uri.getHost() == null || uri.getPath() != null && !uri.getPath().isEmpty()) {
                return false;
            }
            int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
            int requestPort = request.authority().port() != -1 ? request.authority().port()
                    : request.isSSL() ? 443 : 80;
            return uri.getHost().equalsIgnoreCase(request.authority().host()) && port == requestPort;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The cookies of a new session. */
    public static List<String> issue(String sessionToken, long maxAgeSeconds) {
        return List.of(
                SESSION + "=" + sessionToken + "; Path=/; Max-Age=" + maxAgeSeconds + "; Secure; HttpOnly; SameSite=Strict",
                CSRF + "=" + csrfToken(sessionToken) + "; Path=/; Max-Age=" + maxAgeSeconds + "; Secure; SameSite=Strict");
    }

    /** Cookies that make the browser forget the session. */
    public static List<String> clear() {
        return List.of(SESSION + "=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict",
                CSRF + "=; Path=/; Max-Age=0; Secure; SameSite=Strict");
    }
}
