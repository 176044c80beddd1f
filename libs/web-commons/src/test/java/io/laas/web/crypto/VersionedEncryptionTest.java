package io.laas.web.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.laas.web.crypto.VersionedEncryption.Sealed;

class VersionedEncryptionTest {

    private static final String LABEL = "laas-test:";
    private static final String OLD = "old-secret-0123456789";
    private static final String NEW = "new-secret-9876543210";
    private static final byte[] VALUE = "whsec_value".getBytes(StandardCharsets.UTF_8);

    private static VersionedEncryption only(int version, String secret) {
        return new VersionedEncryption("test.secret", LABEL, version, secret, Map.of());
    }

    @Test
    void aValueSealedUnderAPreviousVersionOpensAndIsResealedUnderTheCurrentOne() {
        Sealed old = only(1, OLD).seal(VALUE, "row-1");
        VersionedEncryption rotated = new VersionedEncryption("test.secret", LABEL, 2, NEW, Map.of(1, OLD));

        assertArrayEquals(VALUE, rotated.open(1, old.ciphertext(), "row-1"));
        Sealed resealed = rotated.resealed(1, old.ciphertext(), "row-1").orElseThrow();
        assertEquals(2, resealed.version());
        assertArrayEquals(VALUE, only(2, NEW).open(2, resealed.ciphertext(), "row-1"));
        assertTrue(rotated.resealed(2, resealed.ciphertext(), "row-1").isEmpty(), "current rows are left alone");
        assertEquals(List.of(2, 1), rotated.versions());
        assertEquals(List.of(1), rotated.previousVersions());
    }

    @Test
    void aRemovedVersionAnotherRowAnAlteredByteOrAnotherSecretDoNotOpen() {
        Sealed sealed = only(1, OLD).seal(VALUE, "row-1");
        assertThrows(VersionedEncryption.NotOpened.class, () -> only(2, NEW).open(1, sealed.ciphertext(), "row-1"));
        assertThrows(VersionedEncryption.NotOpened.class, () -> only(1, OLD).open(1, sealed.ciphertext(), "row-2"));
        assertThrows(VersionedEncryption.NotOpened.class, () -> only(1, NEW).open(1, sealed.ciphertext(), "row-1"));
        byte[] altered = sealed.ciphertext().clone();
        altered[altered.length - 1] ^= 1;
        assertThrows(VersionedEncryption.NotOpened.class, () -> only(1, OLD).open(1, altered, "row-1"));
        assertThrows(VersionedEncryption.NotOpened.class, () -> only(1, OLD).open(1, new byte[5], "row-1"));
    }

    @Test
    void theLabelSeparatesPurposesUnderTheSameSecret() {
        Sealed sealed = only(1, OLD).seal(VALUE, "row-1");
        VersionedEncryption other = new VersionedEncryption("test.secret", "laas-other:", 1, OLD, Map.of());
        assertThrows(VersionedEncryption.NotOpened.class, () -> other.open(1, sealed.ciphertext(), "row-1"));
    }

    @Test
    void shortSecretsAndAPreviousSecretUnderTheCurrentVersionAreRefused() {
        assertThrows(IllegalStateException.class, () -> only(1, "short"));
        assertThrows(IllegalStateException.class, () -> new VersionedEncryption("test.secret", LABEL, 2, NEW, Map.of(1, "short")));
        assertThrows(IllegalStateException.class, () -> new VersionedEncryption("test.secret", LABEL, 2, NEW, Map.of(2, OLD)));
        assertThrows(IllegalStateException.class, () -> only(0, NEW));
    }
}
