package io.laas.iam.apikey;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * An API key as stored: never the raw key, only its hash (elsewhere), its visible prefix and last four
 * characters. Its id is the {@code sub} and {@code client_id} of every token issued for it.
 *
 * @param lastFour null for keys stored before last fours were kept
 * @param replacedBy the key that replaced this one by rotation
 */
public record ApiKey(UUID id, UUID projectId, String prefix, String lastFour, String description, List<String> scopes,
        List<UUID> ledgers, OffsetDateTime createdAt, OffsetDateTime lastUsedAt, OffsetDateTime expiresAt,
        OffsetDateTime revokedAt, UUID replacedBy) {

    public static final String ACTIVE = "active";
    public static final String EXPIRED = "expired";
    public static final String REVOKED = "revoked";

    /** {@code revoked}, {@code expired} (its expiry has passed) or {@code active}. */
    public String status(OffsetDateTime now) {
        if (revokedAt != null) {
            return REVOKED;
        }
        return expiresAt != null && !expiresAt.isAfter(now) ? EXPIRED : ACTIVE;
    }

    public boolean usable(OffsetDateTime now) {
        return ACTIVE.equals(status(now));
    }
}
