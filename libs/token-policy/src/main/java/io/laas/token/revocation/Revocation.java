package io.laas.token.revocation;

import java.time.Instant;

/** A revocation announced by IAM on {@code outbox.event.credentials}. */
public sealed interface Revocation {

    /** {@code credential.revoked}: tokens of {@code subject} issued at or before {@code revokedAt} are refused. */
    record SubjectRevoked(String subject, Instant revokedAt, String reason) implements Revocation {
    }

    /** {@code token.revoked}: the token {@code jti} is refused until {@code expiresAt}. */
    record TokenRevoked(String jti, Instant expiresAt) implements Revocation {
    }
}
