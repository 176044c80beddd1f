package io.laas.webhook.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Which IP addresses a webhook may never reach: a table of CIDR blocks, each with its name and whether
 * {@code laas.webhook.allow-private-targets} (local development) lifts it.
 * <p>
 * Refused unless private targets are allowed: every block of the IANA IPv4 and IPv6 Special-Purpose Address
 * Registries that is not globally reachable (iana.org/assignments/iana-ipv4-special-registry,
 * iana-ipv6-special-registry), IPv4 multicast and the deprecated IPv6 site-local block, and every IPv6
 * address outside the global unicast space {@code 2000::/3} (IANA IPv6 Address Space registry).
 * <p>
 * Refused always: the cloud metadata services and link-local ranges, the unspecified addresses, and every
 * IPv6 form that carries or translates to an IPv4 address (mapped, compatible, NAT64, 6to4, Teredo), so no
 * internal IPv4 address can hide inside an IPv6 one and none needs to be decoded. The metadata addresses, from
 * the providers' documentation:
 * <ul>
 * <li>169.254.169.254: AWS EC2 IMDS, Google Compute Engine ({@code metadata.google.internal}), Azure IMDS,
 * OpenStack, Oracle Cloud, DigitalOcean, Hetzner, IBM Cloud; 169.254.170.2 AWS ECS task metadata and
 * credentials; 169.254.170.23 EKS Pod Identity; 169.254.169.253 Amazon DNS; 169.254.169.123 Amazon Time Sync;
 * 169.254.0.23 Tencent Cloud: all inside link-local 169.254.0.0/16;</li>
 * <li>fd00:ec2::254, ::253, ::123, ::23: the same AWS services over IPv6 (Nitro instances, EKS);</li>
 * <li>fd20:ce::254: Google Compute Engine's metadata server over IPv6;</li>
 * <li>168.63.129.16: Azure WireServer (host agent, DNS, health probes);</li>
 * <li>100.100.100.200: Alibaba Cloud ECS metadata;</li>
 * <li>192.0.0.192: Oracle Cloud Infrastructure Classic metadata.</li>
 * </ul>
 * An address is judged by the first block of the table that contains it, so the more specific blocks come first:
 * they decide (100.100.100.200 is refused always although 100.64.0.0/10 is lifted for local development; ::1 is
 * lifted although ::/96 is not) and the reason names them.
 */
public final class AddressPolicy {

    /** A CIDR block and its name; {@code always}: refused even where private targets are allowed. */
    public record Block(String cidr, String name, boolean always, byte[] prefix, int bits) {

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (prefix[whole] & mask);
        }

        /** What a refusal says: the name and the block. */
        public String reason() {
            return name + " (" + cidr + ")";
        }
    }

    private static final List<Block> BLOCKS = List.of(
            // Always refused: cloud metadata and other host services, and the unspecified addresses.
            always("169.254.0.0/16", "link-local, cloud metadata (169.254.169.254, 169.254.170.2, ...)"),
            always("168.63.129.16/32", "Azure WireServer"),
            always("100.100.100.200/32", "Alibaba Cloud metadata"),
            always("192.0.0.192/32", "Oracle Cloud Classic metadata"),
            always("fd00:ec2::254/128", "AWS instance metadata over IPv6"),
            always("fd00:ec2::253/128", "Amazon DNS over IPv6"),
            always("fd00:ec2::123/128", "Amazon Time Sync over IPv6"),
            always("fd00:ec2::23/128", "EKS Pod Identity over IPv6"),
            always("fd20:ce::254/128", "Google Compute Engine metadata over IPv6"),
            always("fe80::/10", "link-local"),
            always("0.0.0.0/8", "\"this network\", unspecified"),
            always("::/128", "unspecified"),
            block("::1/128", "loopback"), // before ::/96, which holds it
            // Always refused: IPv6 forms of IPv4 addresses, whatever IPv4 address they carry.
            always("::ffff:0:0/96", "IPv4-mapped"),
            always("::/96", "IPv4-compatible (deprecated)"),
            always("64:ff9b::/96", "NAT64 well-known prefix"),
            always("64:ff9b:1::/48", "NAT64 local-use prefix"),
            always("2002::/16", "6to4"),
            always("2001::/32", "Teredo"),
            // IPv4 special-purpose blocks, not globally reachable.
            block("10.0.0.0/8", "private use"),
            block("100.64.0.0/10", "shared address space (carrier-grade NAT)"),
            block("127.0.0.0/8", "loopback"),
            block("172.16.0.0/12", "private use"),
            block("192.0.0.0/24", "IETF protocol assignments"),
            block("192.0.2.0/24", "documentation (TEST-NET-1)"),
            block("192.88.99.0/24", "6to4 relay anycast (deprecated)"),
            block("192.168.0.0/16", "private use"),
            block("198.18.0.0/15", "benchmarking"),
            block("198.51.100.0/24", "documentation (TEST-NET-2)"),
            block("203.0.113.0/24", "documentation (TEST-NET-3)"),
            block("224.0.0.0/4", "multicast"),
            block("255.255.255.255/32", "limited broadcast"),
            block("240.0.0.0/4", "reserved"),
            // IPv6 special-purpose blocks, not globally reachable.
            block("100::/64", "discard-only"),
            block("100:0:0:1::/64", "dummy prefix"),
            block("2001:2::/48", "benchmarking"),
            block("2001:10::/28", "ORCHID (deprecated)"),
            block("2001:20::/28", "ORCHIDv2"),
            block("2001::/23", "IETF protocol assignments"),
            block("2001:db8::/32", "documentation"),
            block("3fff::/20", "documentation"),
            block("5f00::/16", "segment routing (SRv6) SIDs"),
            block("fc00::/7", "unique local"),
            block("fec0::/10", "site-local (deprecated)"),
            block("ff00::/8", "multicast"),
            // IPv6 outside the global unicast space 2000::/3: reserved or unassigned.
            block("::/3", "not global unicast"),
            block("4000::/2", "not global unicast"),
            block("8000::/1", "not global unicast"));

    private AddressPolicy() {
    }

    /** The table, in the order addresses are matched against it. */
    public static List<Block> blocks() {
        return BLOCKS;
    }

    /**
     * Why a webhook may not reach the address, or {@code null} when it may.
     *
     * @param privateTargetsAllowed whether the blocks that are not {@link Block#always() always} refused are lifted
     */
    public static String refusal(InetAddress address, boolean privateTargetsAllowed) {
        byte[] bytes = address.getAddress();
        for (Block block : BLOCKS) {
            if (block.contains(bytes)) {
                return block.always() || !privateTargetsAllowed ? block.reason() : null;
            }
        }
        return null;
    }

    /** Why the address is refused where private targets are not allowed, or {@code null}. */
    public static String refusal(InetAddress address) {
        return refusal(address, false);
    }

    private static Block always(String cidr, String name) {
        return parse(cidr, name, true);
    }

    private static Block block(String cidr, String name) {
        return parse(cidr, name, false);
    }

    private static Block parse(String cidr, String name, boolean always) {
        int slash = cidr.indexOf('/');
        String literal = cidr.substring(0, slash);
        int bits = Integer.parseInt(cidr.substring(slash + 1));
        byte[] prefix;
        try {
            // A literal, never looked up. The JDK reads an IPv4-mapped IPv6 literal as its IPv4 address.
            InetAddress address = InetAddress.getByName(literal);
            prefix = literal.indexOf(':') >= 0 && address instanceof Inet4Address ? mapped(address.getAddress())
                    : address.getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address block: " + cidr, e);
        }
        if (bits > prefix.length * 8) {
            throw new IllegalArgumentException("not an address block: " + cidr);
        }
        return new Block(cidr, name, always, prefix, bits);
    }

    /** The 16 bytes of {@code ::ffff:a.b.c.d}. */
    static byte[] mapped(byte[] v4) {
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xff;
        v6[11] = (byte) 0xff;
        System.arraycopy(v4, 0, v6, 12, 4);
        return v6;
    }

    /** {@code ::ffff:a.b.c.d} as an IPv6 address: the JDK would otherwise read it back as plain IPv4. */
    static InetAddress mappedAddress(byte[] v4) {
        try {
            return Inet6Address.getByAddress(null, mapped(v4), -1);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
