package io.laas.iam.people;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A person's membership of an organisation. */
public record Member(UUID userId, String email, Role role, OffsetDateTime joinedAt) {
}
