package io.laas.gateway.routing;

import java.util.Optional;
import java.util.UUID;

/**
 * Where an authenticated API request goes: the service, the canonical path there (short forms already
 * rewritten to {@code /v1/ledgers/{ledger_id}/…}), the ledger it touches and the scope it needs.
 *
 * @param upstream the service that answers
 * @param path the raw (still percent-encoded) path to request from it, without query
 * @param ledgerId the ledger named by the path, if any; the credential must grant it
 * @param requiredScope the scope the credential must carry, if any
 */
public record Route(Upstream upstream, String path, Optional<UUID> ledgerId, Optional<String> requiredScope) {
}
