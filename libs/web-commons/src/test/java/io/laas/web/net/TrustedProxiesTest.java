package io.laas.web.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    private final TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8", "192.0.2.7", "::1/128"));

    @Test
    void anUntrustedPeersForwardedForIsIgnored() {
        assertEquals("203.0.113.9", proxies.source("203.0.113.9", "198.51.100.1, 10.1.1.1"));
        assertEquals("203.0.113.9", TrustedProxies.none().source("203.0.113.9", "198.51.100.1"));
    }

    @Test
    void behindTrustedProxiesTheRightMostUntrustedEntryIsTheSource() {
        // the client chose "1.2.3.4" (spoofed); 198.51.100.1 is what the first trusted proxy saw
        assertEquals("198.51.100.1", proxies.source("10.0.0.5", "1.2.3.4, 198.51.100.1, 10.2.0.1"));
        assertEquals("198.51.100.1", proxies.source("::1", "198.51.100.1"));
    }

    @Test
    void aTrustedPeerWithoutForwardedForOrOnlyTrustedHopsIsTheLeftMostKnown() {
        assertEquals("10.0.0.5", proxies.source("10.0.0.5", null));
        assertEquals("10.9.9.9", proxies.source("10.0.0.5", "10.9.9.9, 192.0.2.7"));
    }

    @Test
    void blocksMatchByPrefixLength() {
        TrustedProxies narrow = TrustedProxies.of(List.of("172.16.0.0/12", "2001:db8::/32"));
        assertTrue(narrow.isTrusted("172.31.255.255"));
        assertFalse(narrow.isTrusted("172.32.0.1"));
        assertTrue(narrow.isTrusted("2001:db8:0:1::5"));
        assertFalse(narrow.isTrusted("2001:db9::5"));
        assertFalse(narrow.isTrusted("not-an-address"));
    }

    @Test
    void anythingButAnAddressBlockIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.of(List.of("gateway.internal")));
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.of(List.of("10.0.0.0/33")));
    }
}
