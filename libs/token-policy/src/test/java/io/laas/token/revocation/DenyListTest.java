package io.laas.token.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class DenyListTest {

    private static final Instant START = Instant.parse("2026-01-01T12:00:00Z");
    private final AtomicLong nanos = new AtomicLong();
    private final MutableClock clock = new MutableClock();
    private final DenyList denyList = new DenyList(Duration.ofMinutes(15), Duration.ofSeconds(30), clock, nanos::get);

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
        clock.now = clock.now.plus(duration);
    }

    @Test
    void aRevokedSubjectRefusesTokensIssuedUpToTheRevocationOnly() {
        long t = START.getEpochSecond();
        denyList.apply(new Revocation.SubjectRevoked("key-1", START.plusMillis(500), "revoked"));
        assertTrue(denyList.denies("key-1", t - 60, "a"));
        assertTrue(denyList.denies("key-1", t, "b"));
        assertFalse(denyList.denies("key-1", t + 1, "c"));
        assertFalse(denyList.denies("key-2", t - 60, "d"));
    }

    @Test
    void aRevokedTokenIsRefusedByItsJtiWhateverItsSubject() {
        denyList.apply(new Revocation.TokenRevoked("jti-1", START.plusSeconds(600)));
        assertTrue(denyList.denies("anyone", START.getEpochSecond(), "jti-1"));
        assertFalse(denyList.denies("anyone", START.getEpochSecond(), "jti-2"));
    }

    @Test
    void entriesLeaveWhenNoTokenTheyConcernCanStillBeValid() {
        denyList.apply(new Revocation.SubjectRevoked("key-1", START, "revoked"));
        denyList.apply(new Revocation.TokenRevoked("jti-1", START.plusSeconds(60)));
        assertEquals(2, denyList.size());
        advance(Duration.ofSeconds(89));
        assertTrue(denyList.denies(null, 0, "jti-1"));
        advance(Duration.ofSeconds(2));
        assertFalse(denyList.denies(null, 0, "jti-1"));
        advance(Duration.ofMinutes(15).minusSeconds(91).plusSeconds(29));
        assertTrue(denyList.denies("key-1", START.getEpochSecond(), null));
        advance(Duration.ofSeconds(2));
        assertFalse(denyList.denies("key-1", START.getEpochSecond(), null));
        assertEquals(0, denyList.size());
    }

    @Test
    void oldRevocationsReadAgainAtStartAreIgnoredAndTheLatestRevocationWins() {
        List<Revocation> seen = new ArrayList<>();
        denyList.onRevocation(seen::add);
        denyList.apply(new Revocation.SubjectRevoked("old", START.minus(Duration.ofMinutes(16)), "revoked"));
        denyList.apply(new Revocation.TokenRevoked("old-jti", START.minusSeconds(31)));
        assertEquals(0, denyList.size());
        assertEquals(List.of(), seen);

        denyList.apply(new Revocation.SubjectRevoked("key-1", START, "rotated"));
        denyList.apply(new Revocation.SubjectRevoked("key-1", START.minusSeconds(100), "replayed"));
        assertTrue(denyList.denies("key-1", START.getEpochSecond() - 50, null));
        assertEquals(2, seen.size());
    }

    private static final class MutableClock extends Clock {
        Instant now = START;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

}
