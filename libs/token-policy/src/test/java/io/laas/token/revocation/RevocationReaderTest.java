package io.laas.token.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RevocationReaderTest {

    @Test
    void readsBothEventsAsTheRelayAndDebeziumPublishThem() {
        Revocation subject = new Revocation.SubjectRevoked("k1", Instant.parse("2026-01-01T12:00:00.123Z"), "revoked");
        String json = "{\"subject\":\"k1\",\"revoked_at\":\"2026-01-01T12:00:00.123Z\",\"reason\":\"revoked\"}";
        assertEquals(Optional.of(subject), RevocationReader.read("credential.revoked", json));
        String quoted = "\"" + json.replace("\"", "\\\"") + "\"";
        assertEquals(Optional.of(subject), RevocationReader.read("credential.revoked", quoted));
        assertEquals(Optional.of(subject),
                RevocationReader.read("credential.revoked", "{\"schema\":{},\"payload\":" + quoted + "}"));
        assertEquals(Optional.of(new Revocation.TokenRevoked("j1", Instant.parse("2026-01-01T12:10:00Z"))),
                RevocationReader.read("token.revoked", "{\"jti\":\"j1\",\"expires_at\":\"2026-01-01T12:10:00Z\"}"));
    }

    @Test
    void unknownEventTypesAreIgnoredAndMalformedOnesNamed() {
        assertEquals(Optional.empty(), RevocationReader.read("credential.created", "{}"));
        assertThrows(IllegalArgumentException.class, () -> RevocationReader.read("token.revoked", "{\"jti\":\"j1\"}"));
        assertThrows(IllegalArgumentException.class,
                () -> RevocationReader.read("token.revoked", "{\"jti\":\"j1\",\"expires_at\":\"tomorrow\"}"));
        assertThrows(IllegalArgumentException.class, () -> RevocationReader.read("token.revoked", "not json"));
        assertThrows(IllegalArgumentException.class, () -> RevocationReader.read("token.revoked", null));
    }
}
