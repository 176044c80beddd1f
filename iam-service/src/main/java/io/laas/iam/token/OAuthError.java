package io.laas.iam.token;

/**
 * An RFC 6749 §5.2 error response. Rendered as {@code {"error","error_description"}}, never as
 * problem+json: OAuth2 clients parse this exact shape.
 */
public class OAuthError extends RuntimeException {

    private final String error;
    private final int status;
    private final boolean basicChallenge;

    private OAuthError(String error, String description, int status, boolean basicChallenge) {
        super(sanitize(description), null, false, false);
        this.error = error;
        this.status = status;
        this.basicChallenge = basicChallenge;
    }

    public static OAuthError invalidRequest(String description) {
        return new OAuthError("invalid_request", description, 400, false);
    }

    /** 401; {@code challenge} when the client tried (or should try) HTTP Basic, RFC 6749 §5.2. */
    public static OAuthError invalidClient(String description, boolean challenge) {
        return new OAuthError("invalid_client", description, 401, challenge);
    }

    public static OAuthError unsupportedGrantType(String description) {
        return new OAuthError("unsupported_grant_type", description, 400, false);
    }

    /** 400; RFC 7009 §2.1: the token presented for revocation was issued to another client. */
    public static OAuthError unauthorizedClient(String description) {
        return new OAuthError("unauthorized_client", description, 400, false);
    }

    public static OAuthError invalidScope(String description) {
        return new OAuthError("invalid_scope", description, 400, false);
    }

    public String error() {
        return error;
    }

    public String description() {
        return getMessage();
    }

    public int status() {
        return status;
    }

    public boolean basicChallenge() {
        return basicChallenge;
    }

    /** error_description may only hold %x20-21 / %x23-5B / %x5D-7E (no quote, no backslash, ASCII). */
    static String sanitize(String description) {
        StringBuilder out = new StringBuilder(description.length());
        for (char c : description.toCharArray()) {
            boolean allowed = c == 0x20 || c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
            out.append(allowed ? c : '?');
        }
        return out.toString();
    }
}
