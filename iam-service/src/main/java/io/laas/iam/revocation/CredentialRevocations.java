package io.laas.iam.revocation;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.laas.outbox.OutboxEvent;
import io.laas.outbox.OutboxWriter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Announces revocations on IAM's outbox (topic {@code outbox.event.credentials}, keyed by the subject or
 * the token id), inside the transaction that revokes, so every service can keep a deny-list without asking
 * IAM on each request:
 * <ul>
 * <li>{@code credential.revoked} {@code {"subject", "revoked_at", "reason"}}: every access token whose
 * {@code sub} is the subject and whose {@code iat} is at or before {@code revoked_at} is refused (an API key
 * or a client revoked or deleted, a secret rotated out, a person logged out everywhere);</li>
 * <li>{@code token.revoked} {@code {"jti", "expires_at"}}: that one access token is refused until it
 * expires (RFC 7009).</li>
 * </ul>
 */
@ApplicationScoped
public class CredentialRevocations {

    public static final String AGGREGATE_TYPE = "credentials";
    public static final String CREDENTIAL_REVOKED = "credential.revoked";
    public static final String TOKEN_REVOKED = "token.revoked";

    private final OutboxWriter outbox;

    public CredentialRevocations(OutboxWriter outbox) {
        this.outbox = outbox;
    }

    /** Tokens of this subject issued at or before {@code revokedAt} stop working. */
    public Uni<Void> revokeSubject(SqlConnection conn, String subject, Instant revokedAt, String reason) {
        JsonObject payload = new JsonObject()
                .put("subject", subject)
                .put("revoked_at", revokedAt.toString())
                .put("reason", reason);
        return outbox.append(conn, new OutboxEvent(UUID.randomUUID(), AGGREGATE_TYPE, subject, CREDENTIAL_REVOKED, payload));
    }

    /** One access token stops working; it is remembered until it would have expired. */
    public Uni<Void> revokeToken(SqlConnection conn, String jti, Instant expiresAt) {
        JsonObject payload = new JsonObject()
                .put("jti", jti)
                .put("expires_at", expiresAt.toString());
        return outbox.append(conn, new OutboxEvent(UUID.randomUUID(), AGGREGATE_TYPE, jti, TOKEN_REVOKED, payload));
    }
}
