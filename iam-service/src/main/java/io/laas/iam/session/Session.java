package io.laas.iam.session;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A console session of a person in one organisation. */
public record Session(String id, UUID userId, UUID organizationId, OffsetDateTime createdAt,
        OffsetDateTime idleExpiresAt, OffsetDateTime expiresAt) {
}
