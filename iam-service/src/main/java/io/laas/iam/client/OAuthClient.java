package io.laas.iam.client;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * An OAuth2 client of a project, as stored (its secret only as a hash, elsewhere). Its {@code clientId} is
 * the {@code sub} and {@code client_id} of every token issued to it.
 *
 * @param previousSecretExpiresAt while a rotation overlaps: when the previous secret stops working
 * @param lastUsedAt when a token was last issued to it (to the minute), null if never
 */
public record OAuthClient(UUID id, String clientId, UUID projectId, String name, List<String> scopes,
        List<UUID> ledgers, OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime secretRotatedAt,
        OffsetDateTime previousSecretExpiresAt, OffsetDateTime lastUsedAt) {
}
