package io.laas.iam.people;

import java.time.OffsetDateTime;
import java.util.UUID;

/** An invitation into an organisation; its token is known only to whoever received it at creation. */
public record Invitation(UUID id, UUID organizationId, String email, Role role, UUID invitedBy,
        OffsetDateTime createdAt, OffsetDateTime expiresAt, OffsetDateTime acceptedAt, UUID acceptedBy,
        OffsetDateTime revokedAt) {

    public String status(OffsetDateTime now) {
        if (acceptedAt != null) {
            return "accepted";
        }
        if (revokedAt != null) {
            return "revoked";
        }
        return expiresAt.isAfter(now) ? "pending" : "expired";
    }
}
