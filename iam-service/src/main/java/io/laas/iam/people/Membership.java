package io.laas.iam.people;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One organisation a person belongs to, seen from the person. */
public record Membership(UUID organizationId, String organizationName, Role role, OffsetDateTime joinedAt) {
}
