package io.laas.iam.ledger;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A ledger of the registry. Its code (unique in its project) and currency (an ISO 4217 code) never change;
 * its name may. An archived ledger ({@code archivedAt} set) takes no more writes and can still be read.
 */
public record Ledger(UUID id, UUID projectId, String code, String name, String currency, OffsetDateTime createdAt,
        OffsetDateTime updatedAt, OffsetDateTime archivedAt) {

    public boolean archived() {
        return archivedAt != null;
    }
}
