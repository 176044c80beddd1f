package io.laas.iam.token;

import java.util.List;
import java.util.UUID;

/** A credential that passed client authentication, with everything its tokens may carry. */
public record AuthenticatedClient(String clientId, UUID orgId, UUID projectId, List<String> scopes, List<UUID> ledgers) {
}
