package io.laas.iam.token;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A credential that passed client authentication, with everything its tokens may carry.
 *
 * @param clientId the {@code sub} and {@code client_id} of its tokens: an OAuth2 client's id, an API key's id
 * @param notAfter when the credential stops working (an expiring key, a secret rotated out); null: never.
 *        No token outlives it.
 */
public record AuthenticatedClient(String clientId, UUID orgId, UUID projectId, List<String> scopes, List<UUID> ledgers,
        Instant notAfter) {
}
