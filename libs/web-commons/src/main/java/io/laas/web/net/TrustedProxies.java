package io.laas.web.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which address a request came from, for throttling: the peer address, unless the peer is one of the
 * configured proxies (CIDR blocks), in which case the right-most {@code X-Forwarded-For} entry that is not
 * itself a trusted proxy. A client can put anything in {@code X-Forwarded-For}; only the entries appended by
 * proxies we trust are believed, so an untrusted peer's header is ignored altogether.
 */
public final class TrustedProxies {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    /** Nobody is trusted: the peer address is the source. */
    public static TrustedProxies none() {
        return new TrustedProxies(List.of());
    }

    /**
     * @param cidrs blocks such as {@code 10.0.0.0/8}, {@code 192.0.2.7} (one address) or {@code ::1/128}
     * @throws IllegalArgumentException for anything that is not an IP literal with an optional prefix length
     */
    public static TrustedProxies of(List<String> cidrs) {
        List<Block> blocks = new ArrayList<>();
        for (String cidr : cidrs) {
            String value = cidr.strip();
            if (value.isEmpty()) {
                continue;
            }
            int slash = value.indexOf('/');
            byte[] network = literal(slash < 0 ? value : value.substring(0, slash));
            if (network == null) {
                throw new IllegalArgumentException("Not an IP address block: " + cidr);
            }
            int bits;
            try {
                bits = slash < 0 ? network.length * 8 : Integer.parseInt(value.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Not an IP address block: " + cidr, e);
            }
            if (bits < 0 || bits > network.length * 8) {
                throw new IllegalArgumentException("Not an IP address block: " + cidr);
            }
            blocks.add(new Block(network, bits));
        }
        return new TrustedProxies(blocks);
    }

    /** Whether this address (a literal) belongs to a trusted proxy. */
    public boolean isTrusted(String address) {
        byte[] bytes = address == null ? null : literal(address.strip());
        if (bytes == null) {
            return false;
        }
        for (Block block : blocks) {
            if (block.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The source address of a request.
     *
     * @param peer the address of the TCP peer
     * @param forwardedFor the request's {@code X-Forwarded-For} header, or null
     */
    public String source(String peer, String forwardedFor) {
        if (peer == null || !isTrusted(peer) || forwardedFor == null || forwardedFor.isBlank()) {
            return peer == null ? "" : peer;
        }
        String[] hops = forwardedFor.split(",");
        String leftmost = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (hop.isEmpty()) {
                continue;
            }
            if (!isTrusted(hop)) {
                return hop;
            }
            leftmost = hop;
        }
        return leftmost;
    }

    /** The bytes of an IPv4 or IPv6 literal, or null for anything else (never a DNS lookup). */
    private static byte[] literal(String value) {
        boolean v6 = value.indexOf(':') >= 0;
        if (!(v6 ? IPV6.matcher(value).matches() : IPV4.matcher(value).matches())) {
            return null;
        }
        try {
            return InetAddress.getByName(v6 && value.startsWith("[") ? value.substring(1, value.length() - 1) : value)
                    .getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private record Block(byte[] network, int bits) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
