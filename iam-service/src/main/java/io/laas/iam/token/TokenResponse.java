package io.laas.iam.token;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** RFC 6749 §5.1 successful access token response. */
@RegisterForReflection
public record TokenResponse(String accessToken, String tokenType, long expiresIn, String scope) {
}
