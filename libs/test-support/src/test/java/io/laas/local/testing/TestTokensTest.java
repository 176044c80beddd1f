package io.laas.local.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

/** The test tokens carry IAM's claims and verify against the published test JWK set, as services check them. */
class TestTokensTest {

    private static JwtConsumer consumer() throws Exception {
        return new JwtConsumerBuilder()
                .setExpectedIssuer(TestTokens.ISSUER)
                .setExpectedAudience(TestTokens.AUDIENCE)
                .setRequireExpirationTime()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(
                        new JsonWebKeySet(TestTokens.jwksJson()).getJsonWebKeys()))
                .build();
    }

    @Test
    void aTokenCarriesTheClaimsOfAnIamAccessToken() throws Exception {
        UUID ledger = UUID.randomUUID();
        String token = TestTokens.builder().ledgers(ledger).scopes("ledger:read", "ledger:write").clientId("c-1").build();

        JwtClaims claims = consumer().processToClaims(token);

        assertEquals("c-1", claims.getSubject());
        assertEquals("c-1", claims.getStringClaimValue("client_id"));
        assertEquals("ledger:read ledger:write", claims.getStringClaimValue("scope"));
        assertEquals(List.of(ledger.toString()), claims.getStringListClaimValue("ledgers"));
        assertTrue(claims.getJwtId() != null && !claims.getJwtId().isBlank());
        String header = new String(java.util.Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))));
        assertTrue(header.contains("\"typ\":\"at+jwt\"") && header.contains("\"kid\":\"laas-test\""), header);
    }

    @Test
    void anExpiredTokenIsRefused() {
        String token = TestTokens.builder().expiresIn(Duration.ofMinutes(-5)).build();

        assertThrows(InvalidJwtException.class, () -> consumer().processToClaims(token));
    }
}
