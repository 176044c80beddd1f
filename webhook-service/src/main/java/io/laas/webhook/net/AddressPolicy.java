package io.laas.webhook.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which IP addresses a webhook may never reach unless private targets are explicitly allowed:
 * everything that is not a public unicast address (loopback, RFC 1918, unique local, link-local
 * including the cloud metadata address, unspecified, multicast, CGNAT, broadcast and reserved
 * ranges), also when an IPv4 address hides inside an IPv6 one.
 */
public final class AddressPolicy {

    private AddressPolicy() {
    }

    /** Returns why the address is refused, or {@code null} when it is a public address. */
    public static String refusal(InetAddress address) {
        if (address instanceof Inet4Address v4) {
            return refusal4(v4.getAddress());
        }
        if (address instanceof Inet6Address v6) {
            return refusal6(v6.getAddress());
        }
        return "unknown address family";
    }

    private static String refusal4(byte[] a) {
        int b0 = a[0] & 0xff;
        int b1 = a[1] & 0xff;
        int b2 = a[2] & 0xff;
        if (b0 == 0) {
            return "unspecified (0.0.0.0/8)";
        }
        if (b0 == 127) {
            return "loopback (127.0.0.0/8)";
        }
        if (b0 == 10 || (b0 == 172 && (b1 & 0xf0) == 16) || (b0 == 192 && b1 == 168)) {
            return "private (RFC 1918)";
        }
        if (b0 == 169 && b1 == 254) {
            return "link-local (169.254.0.0/16)";
        }
        if (b0 == 100 && (b1 & 0xc0) == 64) {
            return "carrier-grade NAT (100.64.0.0/10)";
        }
        if (b0 == 192 && b1 == 0 && b2 == 0) {
            return "IETF protocol assignments (192.0.0.0/24)";
        }
        if (b0 == 198 && (b1 & 0xfe) == 18) {
            return "benchmarking (198.18.0.0/15)";
        }
        if (b0 >= 224 && b0 <= 239) {
            return "multicast (224.0.0.0/4)";
        }
        if (b0 >= 240) {
            return "reserved or broadcast (240.0.0.0/4)";
        }
        return null;
    }

    private static String refusal6(byte[] a) {
        boolean firstTenZero = true;
        for (int i = 0; i < 10; i++) {
            firstTenZero &= a[i] == 0;
        }
        if (firstTenZero && a[10] == 0 && a[11] == 0) {
            boolean rest = a[12] == 0 && a[13] == 0 && a[14] == 0;
            if (rest && (a[15] == 0)) {
                return "unspecified (::)";
            }
            if (rest && a[15] == 1) {
                return "loopback (::1)";
            }
            // IPv4-compatible ::a.b.c.d
            return embedded4(a, 12);
        }
        if (firstTenZero && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff) {
            return embedded4(a, 12); // IPv4-mapped ::ffff:a.b.c.d
        }
        int b0 = a[0] & 0xff;
        int b1 = a[1] & 0xff;
        if ((b0 & 0xfe) == 0xfc) {
            return "unique local (fc00::/7)";
        }
        if (b0 == 0xfe && (b1 & 0xc0) == 0x80) {
            return "link-local (fe80::/10)";
        }
        if (b0 == 0xfe && (b1 & 0xc0) == 0xc0) {
            return "site-local (fec0::/10)";
        }
        if (b0 == 0xff) {
            return "multicast (ff00::/8)";
        }
        if (b0 == 0x00 && b1 == 0x64 && (a[2] & 0xff) == 0xff && (a[3] & 0xff) == 0x9b) {
            return embedded4(a, 12); // NAT64 64:ff9b::/96
        }
        if (b0 == 0x20 && b1 == 0x02) {
            return embedded4(a, 2); // 6to4 2002::/16
        }
        return null;
    }

    private static String embedded4(byte[] a, int offset) {
        byte[] v4 = { a[offset], a[offset + 1], a[offset + 2], a[offset + 3] };
        try {
            String reason = refusal(InetAddress.getByAddress(v4));
            return reason == null ? null : "embeds IPv4 " + reason;
        } catch (UnknownHostException e) {
            return "invalid embedded IPv4 address";
        }
    }
}
