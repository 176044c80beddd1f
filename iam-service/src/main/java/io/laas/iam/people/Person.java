package io.laas.iam.people;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A person who signs in to the console.
 *
 * @param passwordHash null for a person invited who has not set a password yet
 * @param lockedUntil while in the future, every login is refused without looking at the password
 */
public record Person(UUID id, String email, String passwordHash, int failedLogins, OffsetDateTime lockedUntil,
        OffsetDateTime createdAt) {
}
