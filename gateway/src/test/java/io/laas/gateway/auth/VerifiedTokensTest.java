package io.laas.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.laas.token.revocation.Revocation;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.security.identity.SecurityIdentity;

class VerifiedTokensTest {

    private static final UUID LEDGER = UUID.fromString("00000000-0000-0000-0000-000000000005");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void aVerifiedTokenIsKnownUntilItExpiresAndNotAfter() {
        VerifiedTokens tokens = new VerifiedTokens(10, clock);
        String raw = "header.claims-a.signature";
        SecurityIdentity lean = tokens.remember(raw, verified(raw, clock.instant().plusSeconds(600)));

        Caller caller = Caller.of(lean);
        assertEquals(new Caller("client-a", Set.of("ledger:read"), Set.of(LEDGER), raw, clock.instant().plusSeconds(600),
                "client-a", clock.instant().getEpochSecond(), "jti-" + raw, null, null, null), caller);
        assertEquals("client-a", lean.getPrincipal().getName());
        assertEquals(Set.of("ledger:read"), lean.getRoles());
        assertSame(lean, tokens.get(raw));

        clock.advance(Duration.ofSeconds(599));
        assertSame(lean, tokens.get(raw));
        clock.advance(Duration.ofSeconds(1));
        assertNull(tokens.get(raw), "never kept past the token's exp");
    }

    @Test
    void onlyTheTokenThatWasVerifiedIsRemembered() {
        VerifiedTokens tokens = new VerifiedTokens(10, clock);
        SecurityIdentity lean = tokens.remember("another-token", verified("header.claims-b.signature",
                clock.instant().plusSeconds(600)));

        assertNotNull(Caller.of(lean));
        assertNull(tokens.get("another-token"));
        assertNull(tokens.get("header.claims-b.signature"));
        assertEquals(0, tokens.size());
    }

    @Test
    void anonymousIdentitiesAndExpiredTokensAreNotRemembered() {
        VerifiedTokens tokens = new VerifiedTokens(10, clock);
        SecurityIdentity anonymous = QuarkusSecurityIdentity.builder().setAnonymous(true).build();
        assertSame(anonymous, tokens.remember("x", anonymous));
        assertNull(tokens.remember("y", null));

        String expired = "header.claims-c.signature";
        tokens.remember(expired, verified(expired, clock.instant().minusSeconds(1)));
        assertNull(tokens.get(expired));
        assertEquals(0, tokens.size());
    }

    @Test
    void aRevocationDropsTheTokensItNamesAndOnlyThose() {
        VerifiedTokens tokens = new VerifiedTokens(10, clock);
        String first = "header.claims-e.signature";
        String second = "header.claims-f.signature";
        tokens.remember(first, verified(first, clock.instant().plusSeconds(600)));
        tokens.remember(second, verified(second, clock.instant().plusSeconds(600)));

        tokens.forget(new Revocation.TokenRevoked("jti-" + first, clock.instant().plusSeconds(600)));
        assertNull(tokens.get(first));
        assertNotNull(tokens.get(second));

        tokens.forget(new Revocation.SubjectRevoked("client-a", clock.instant().minusSeconds(1), "revoked"));
        assertNotNull(tokens.get(second), "issued after that revocation");
        tokens.forget(new Revocation.SubjectRevoked("client-a", clock.instant(), "revoked"));
        assertNull(tokens.get(second));
    }

    @Test
    void aCacheOfSizeZeroVerifiesEveryTime() {
        VerifiedTokens tokens = new VerifiedTokens(0, clock);
        String raw = "header.claims-d.signature";
        assertNotNull(Caller.of(tokens.remember(raw, verified(raw, clock.instant().plusSeconds(600)))));
        assertNull(tokens.get(raw));
    }

    private static SecurityIdentity verified(String raw, Instant expiresAt) {
        JsonWebToken jwt = new ClaimsToken(Map.of("raw_token", raw, "sub", "client-a", "client_id", "client-a",
                "exp", expiresAt.getEpochSecond(), "iat", expiresAt.getEpochSecond() - 600, "jti", "jti-" + raw,
                "ledgers", List.of(LEDGER.toString())));
        return QuarkusSecurityIdentity.builder().setPrincipal(jwt).addRole("ledger:read").build();
    }

    private record ClaimsToken(Map<String, Object> claims) implements JsonWebToken {
        @Override
        public String getName() {
            return (String) claims.get("sub");
        }

        @Override
        public Set<String> getClaimNames() {
            return claims.keySet();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String name) {
            return (T) claims.get(name);
        }
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
