package io.laas.webhook.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The address policy against its own list of blocks, written out here independently of the policy's table: the
 * first and last address of every block refused, the addresses just outside allowed unless another block covers
 * them, the metadata addresses refused even with private targets allowed, and IPv4 addresses hidden in IPv6.
 */
class AddressPolicyTest {

    /** Refused unless private targets are allowed. */
    private static final List<String> SPECIAL = List.of("10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
            "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
            "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4", "255.255.255.255/32",
            "::1/128", "100::/64", "100:0:0:1::/64", "2001:2::/48", "2001:10::/28", "2001:20::/28", "2001::/23",
            "2001:db8::/32", "3fff::/20", "5f00::/16", "fc00::/7", "fec0::/10", "ff00::/8",
            "::/3", "4000::/2", "8000::/1");

    /** Refused always, private targets allowed or not. */
    private static final List<String> ALWAYS = List.of("0.0.0.0/8", "169.254.0.0/16", "168.63.129.16/32",
            "100.100.100.200/32", "192.0.0.192/32", "::/128", "fe80::/10", "fd00:ec2::254/128", "fd00:ec2::253/128",
            "fd00:ec2::123/128", "fd00:ec2::23/128", "fd20:ce::254/128", "::ffff:0:0/96", "::/96", "64:ff9b::/96",
            "64:ff9b:1::/48", "2002::/16", "2001::/32");

    @Test
    void thePolicyTableIsExactlyTheListedBlocks() {
        Set<String> listed = new HashSet<>(SPECIAL);
        listed.addAll(ALWAYS);
        assertEquals(listed, AddressPolicy.blocks().stream().map(AddressPolicy.Block::cidr).collect(Collectors.toSet()));
        assertEquals(Set.copyOf(ALWAYS), AddressPolicy.blocks().stream().filter(AddressPolicy.Block::always)
                .map(AddressPolicy.Block::cidr).collect(Collectors.toSet()));
    }

    @Test
    void theFirstAndLastAddressOfEveryBlockAreRefused() {
        List<String> all = new ArrayList<>(SPECIAL);
        all.addAll(ALWAYS);
        for (String cidr : all) {
            for (InetAddress edge : List.of(first(cidr), last(cidr))) {
                assertNotNull(AddressPolicy.refusal(edge, false), cidr + ": " + edge);
            }
        }
    }

    @Test
    void theAlwaysRefusedBlocksStayRefusedWithPrivateTargetsAllowed() {
        for (String cidr : ALWAYS) {
            for (InetAddress edge : List.of(first(cidr), last(cidr))) {
                assertNotNull(AddressPolicy.refusal(edge, true), cidr + ": " + edge);
            }
        }
    }

    @Test
    void theOtherSpecialBlocksAreLiftedWithPrivateTargetsAllowed() {
        for (String cidr : SPECIAL) {
            for (InetAddress edge : List.of(first(cidr), last(cidr))) {
                if (!covered(edge, ALWAYS)) {
                    assertNull(AddressPolicy.refusal(edge, true), cidr + ": " + edge);
                }
            }
        }
    }

    @Test
    void theAddressesJustOutsideEachBlockAreAllowedUnlessAnotherBlockHoldsThem() {
        List<String> all = new ArrayList<>(SPECIAL);
        all.addAll(ALWAYS);
        int checked = 0;
        for (String cidr : all) {
            for (InetAddress neighbour : neighbours(cidr)) {
                if (!covered(neighbour, all)) {
                    assertNull(AddressPolicy.refusal(neighbour, false), "next to " + cidr + ": " + neighbour);
                    checked++;
                }
            }
        }
        assertTrue(checked > 30, "neighbours checked: " + checked);
    }

    @ParameterizedTest
    @ValueSource(strings = { "169.254.169.254", "169.254.170.2", "169.254.170.23", "169.254.169.253",
            "169.254.169.123", "169.254.0.23", "168.63.129.16", "100.100.100.200", "192.0.0.192", "fd00:ec2::254",
            "fd00:ec2::23", "fd20:ce::254", "fe80::a9fe:a9fe", "0.0.0.0", "::" })
    void cloudMetadataIsRefusedEvenWithPrivateTargetsAllowed(String literal) throws Exception {
        assertNotNull(AddressPolicy.refusal(InetAddress.getByName(literal), true), literal);
    }

    @ParameterizedTest
    @ValueSource(strings = { "168.63.129.15", "168.63.129.17", "100.100.100.199", "100.100.100.201",
            "127.0.0.1", "10.1.2.3", "192.168.1.1", "fd00:ec2::255", "fd12:3456::1", "::1" })
    void neighboursOfTheMetadataAddressesAreLiftedWithPrivateTargetsAllowed(String literal) throws Exception {
        assertNull(AddressPolicy.refusal(InetAddress.getByName(literal), true), literal);
    }

    @ParameterizedTest
    @ValueSource(strings = { "93.184.215.14", "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "2a00:1450:4001::200e" })
    void publicAddressesAreAllowed(String literal) throws Exception {
        assertNull(AddressPolicy.refusal(InetAddress.getByName(literal), false), literal);
    }

    @Test
    void ipv4HiddenInIpv6IsRefusedWhateverTheIpv4Address() throws Exception {
        byte[] publicV4 = InetAddress.getByName("93.184.215.14").getAddress();
        // ::ffff:93.184.215.14 kept as IPv6 (the JDK parses the literal as IPv4): the mapped form is refused as such.
        InetAddress mapped = AddressPolicy.mappedAddress(publicV4);
        assertTrue(mapped instanceof Inet6Address);
        assertEquals("IPv4-mapped (::ffff:0:0/96)", AddressPolicy.refusal(mapped, true));
        for (String literal : List.of("::5db8:d70e", "64:ff9b::5db8:d70e", "64:ff9b:1::5db8:d70e", "2002:5db8:d70e::1",
                "2001:0:4136:e378:8000:63bf:a247:28f1")) {
            assertNotNull(AddressPolicy.refusal(InetAddress.getByName(literal), true), literal);
        }
        // The JDK's own reading of a mapped literal is the IPv4 address, judged as such.
        assertNotNull(AddressPolicy.refusal(InetAddress.getByName("::ffff:169.254.169.254"), true));
        assertNotNull(AddressPolicy.refusal(InetAddress.getByName("::ffff:10.0.0.1"), false));
    }

    @Test
    void aRefusalNamesTheMostSpecificBlock() throws Exception {
        assertEquals("Teredo (2001::/32)", AddressPolicy.refusal(InetAddress.getByName("2001::1"), false));
        assertEquals("benchmarking (2001:2::/48)", AddressPolicy.refusal(InetAddress.getByName("2001:2::1"), false));
        assertEquals("Alibaba Cloud metadata (100.100.100.200/32)",
                AddressPolicy.refusal(InetAddress.getByName("100.100.100.200"), false));
    }

    // CIDR arithmetic, on unsigned integers of 32 or 128 bits.

    private static boolean covered(InetAddress address, List<String> blocks) {
        byte[] raw = bytes(address);
        BigInteger value = new BigInteger(1, raw);
        for (String cidr : blocks) {
            if (base(cidr).length == raw.length && value.compareTo(new BigInteger(1, bytes(first(cidr)))) >= 0
                    && value.compareTo(new BigInteger(1, bytes(last(cidr)))) <= 0) {
                return true;
            }
        }
        return false;
    }

    private static List<InetAddress> neighbours(String cidr) {
        byte[] base = base(cidr);
        BigInteger low = new BigInteger(1, bytes(first(cidr))).subtract(BigInteger.ONE);
        BigInteger high = new BigInteger(1, bytes(last(cidr))).add(BigInteger.ONE);
        BigInteger max = BigInteger.ONE.shiftLeft(base.length * 8);
        List<InetAddress> result = new ArrayList<>();
        if (low.signum() >= 0) {
            result.add(address(low, base.length));
        }
        if (high.compareTo(max) < 0) {
            result.add(address(high, base.length));
        }
        return result;
    }

    private static InetAddress first(String cidr) {
        byte[] base = base(cidr);
        int bits = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
        BigInteger hostMask = BigInteger.ONE.shiftLeft(base.length * 8 - bits).subtract(BigInteger.ONE);
        return address(new BigInteger(1, base).andNot(hostMask), base.length);
    }

    private static InetAddress last(String cidr) {
        byte[] base = base(cidr);
        int bits = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
        BigInteger hostMask = BigInteger.ONE.shiftLeft(base.length * 8 - bits).subtract(BigInteger.ONE);
        return address(new BigInteger(1, base).or(hostMask), base.length);
    }

    /** The block's address as 4 or 16 bytes; an IPv6 literal stays 16 bytes even when it is IPv4-mapped. */
    private static byte[] base(String cidr) {
        String literal = cidr.substring(0, cidr.indexOf('/'));
        try {
            byte[] raw = InetAddress.getByName(literal).getAddress();
            return literal.contains(":") && raw.length == 4 ? AddressPolicy.mapped(raw) : raw;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(cidr, e);
        }
    }

    private static byte[] bytes(InetAddress address) {
        return address.getAddress();
    }

    /** An address of {@code length} bytes; 16 bytes stay IPv6 even in the IPv4-mapped range. */
    private static InetAddress address(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        try {
            return length == 16 ? Inet6Address.getByAddress(null, out, -1) : InetAddress.getByAddress(out);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
