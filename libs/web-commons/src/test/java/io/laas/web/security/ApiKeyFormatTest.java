package io.laas.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ApiKeyFormatTest {

    @Test
    void generatedKeysAreChecksummedWellFormedAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String key = ApiKeyFormat.generate(i % 2 == 0);
            assertEquals(ApiKeyFormat.LENGTH, key.length());
            assertTrue(key.startsWith(i % 2 == 0 ? "sk_live_k1" : "sk_test_k1"), key);
            assertTrue(key.substring(8).matches("[0-9A-Za-z]+"), key);
            assertTrue(ApiKeyFormat.isChecksummed(key));
            assertTrue(ApiKeyFormat.isWellFormed(key), key);
            assertTrue(seen.add(key));
        }
    }

    @Test
    void everySingleCharacterTypoIsRefused() {
        String key = ApiKeyFormat.generate(false);
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        for (int position = 10; position < key.length(); position++) {
            for (char c : alphabet.toCharArray()) {
                if (c == key.charAt(position)) {
                    continue;
                }
                String typo = key.substring(0, position) + c + key.substring(position + 1);
                assertFalse(ApiKeyFormat.isWellFormed(typo), typo);
            }
        }
    }

    @Test
    void swappedNeighboursTruncationAndExtraCharactersAreRefused() {
        String key = ApiKeyFormat.generate(true);
        for (int i = 10; i < key.length() - 1; i++) {
            if (key.charAt(i) != key.charAt(i + 1)) {
                String swapped = key.substring(0, i) + key.charAt(i + 1) + key.charAt(i) + key.substring(i + 2);
                assertFalse(ApiKeyFormat.isWellFormed(swapped), swapped);
            }
        }
        assertFalse(ApiKeyFormat.isWellFormed(key.substring(0, key.length() - 1)));
        assertFalse(ApiKeyFormat.isWellFormed(key + "0"));
        assertFalse(ApiKeyFormat.isWellFormed(key.replace("sk_live_", "sk_test_")));
    }

    @Test
    void keysMadeBeforeChecksumsKeepTheirOldRules() {
        String demo = "sk_test_12345678901234567890123456789012";
        assertFalse(ApiKeyFormat.isChecksummed(demo));
        assertTrue(ApiKeyFormat.isWellFormed(demo));
        assertTrue(ApiKeyFormat.isWellFormed("sk_live_abcdefghijklmnopqrstuvwxyz-_ABCDEF"));
        assertFalse(ApiKeyFormat.isWellFormed("sk_test_tooShort"));
        assertFalse(ApiKeyFormat.isWellFormed("sk_test_has space 123456789012345678901234"));
        assertFalse(ApiKeyFormat.isWellFormed("pk_test_12345678901234567890123456789012"));
        assertFalse(ApiKeyFormat.isWellFormed(null));
    }

    @Test
    void aKeyInTheCheckedNamespaceIsNeverReadAsAnOldOne() {
        // would pass the old rules, but starts with the marker: only a right checksum makes it valid
        String claimed = "sk_test_k1" + "a".repeat(36);
        assertTrue(ApiKeyFormat.isChecksummed(claimed));
        assertFalse(ApiKeyFormat.isWellFormed(claimed));
    }

    @Test
    void prefixAndLastFourAreWhatPeopleSee() {
        String key = ApiKeyFormat.generate(false);
        assertEquals(key.substring(0, 12), ApiKeyFormat.prefix(key));
        assertEquals(key.substring(key.length() - 4), ApiKeyFormat.lastFour(key));
        assertNotEquals(ApiKeyFormat.generate(false), ApiKeyFormat.generate(false));
    }
}
