package io.laas.iam.token;

/**
 * A revocation (RFC 7009) or introspection (RFC 7662) request, parsed: the client's credentials and the token
 * it asks about. A {@code token_type_hint} is ignored: access tokens are the only tokens IAM issues.
 */
public record TokenOperation(ClientCredentials credentials, String token) {

    @Override
    public String toString() {
        return "TokenOperation[" + credentials + "]";
    }
}
