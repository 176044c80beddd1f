package io.laas.iam.project;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A project of an organisation; its code is unique within the organisation and never changes. */
public record Project(UUID id, UUID organizationId, String code, String name, OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {
}
