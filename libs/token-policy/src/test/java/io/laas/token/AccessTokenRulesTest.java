package io.laas.token;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccessTokenRulesTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private final AccessTokenRules rules = new AccessTokenRules(Duration.ofSeconds(30), Duration.ofMinutes(15));

    private static String jws(String headerJson) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString("{\"sub\":\"x\"}".getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    @Test
    void rfc9068HeaderPasses() {
        assertDoesNotThrow(() -> rules.checkHeader(jws("{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"k1\"}")));
        assertDoesNotThrow(() -> rules.checkHeader(jws("{\"alg\":\"RS256\",\"typ\":\"application/at+JWT\",\"kid\":\"k1\"}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"alg\":\"RS256\",\"kid\":\"k1\"}",
            "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"k1\"}",
            "{\"alg\":\"RS256\",\"typ\":\"\",\"kid\":\"k1\"}",
            "{\"alg\":\"RS256\",\"typ\":[\"at+jwt\"],\"kid\":\"k1\"}" })
    void typOtherThanAtJwtIsRefused(String header) {
        assertThrows(RejectedTokenException.class, () -> rules.checkHeader(jws(header)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "none", "HS256", "RS512", "PS256", "ES256", "rs256" })
    void everyAlgorithmButRs256IsRefused(String alg) {
        assertThrows(RejectedTokenException.class,
                () -> rules.checkHeader(jws("{\"alg\":\"" + alg + "\",\"typ\":\"at+jwt\",\"kid\":\"k1\"}")));
    }

    @Test
    void missingAlgKidOrEmbeddedKeysAreRefused() {
        assertThrows(RejectedTokenException.class, () -> rules.checkHeader(jws("{\"typ\":\"at+jwt\",\"kid\":\"k1\"}")));
        assertThrows(RejectedTokenException.class, () -> rules.checkHeader(jws("{\"alg\":\"RS256\",\"typ\":\"at+jwt\"}")));
        for (String embedded : new String[] { "jwk", "jku", "x5u", "x5c" }) {
            assertThrows(RejectedTokenException.class, () -> rules.checkHeader(
                    jws("{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"k1\",\"" + embedded + "\":\"x\"}")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "abc", "abc.def", "!!!.e30.sig", "bm90IGpzb24.e30.sig" })
    void malformedTokensAreRefused(String token) {
        assertThrows(RejectedTokenException.class, () -> rules.checkHeader(token));
    }

    @Test
    void expiryIsTolerantByExactlyTheClockSkew() {
        long now = NOW.getEpochSecond();
        // expired 29 s ago: within the skew
        assertDoesNotThrow(() -> rules.checkTimes(now - 600, now - 29, NOW));
        // expired 30 s ago: the skew is used up
        assertThrows(RejectedTokenException.class, () -> rules.checkTimes(now - 600, now - 30, NOW));
    }

    @Test
    void issuedInTheFutureIsTolerantByExactlyTheClockSkew() {
        long now = NOW.getEpochSecond();
        assertDoesNotThrow(() -> rules.checkTimes(now + 30, now + 600, NOW));
        assertThrows(RejectedTokenException.class, () -> rules.checkTimes(now + 31, now + 600, NOW));
    }

    @Test
    void lifetimeOverTheMaximumOrMissingTimesAreRefused() {
        long now = NOW.getEpochSecond();
        assertDoesNotThrow(() -> rules.checkTimes(now, now + 900, NOW));
        assertThrows(RejectedTokenException.class, () -> rules.checkTimes(now, now + 901, NOW));
        assertThrows(RejectedTokenException.class, () -> rules.checkTimes(0, now + 60, NOW));
        assertThrows(RejectedTokenException.class, () -> rules.checkTimes(now, 0, NOW));
    }
}
