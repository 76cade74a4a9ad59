package io.sightline.image;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Classifies addresses that a fetch of an untrusted URI must not reach: anything that is not a public unicast
 * address. Works on the address bytes, so every textual trick (decimal {@code 2130706433}, {@code 127.1},
 * IPv4-mapped {@code ::ffff:127.0.0.1}) is judged by where it really points.
 */
final class NonPublicAddresses {

    private NonPublicAddresses() {}

    /** Why {@code address} is not public, or empty when it is. */
    static Optional<String> reason(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            Optional<InetAddress> embedded = embeddedIpv4(b);
            if (embedded.isPresent()) {
                return reason(embedded.get()).map(r -> r + " (IPv4 embedded in IPv6)");
            }
            if ((b[0] & 0xfe) == 0xfc) {
                return Optional.of("unique-local address (fc00::/7)");
            }
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("unspecified address (0.0.0.0 or ::)");
        }
        if (address.isLoopbackAddress()) {
            return Optional.of("loopback address");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("link-local address (169.254/16, fe80::/10; cloud metadata lives here)");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of("private address (10/8, 172.16/12, 192.168/16, fec0::/10)");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("multicast address");
        }
        if (address instanceof Inet4Address v4) {
            return ipv4Special(v4.getAddress());
        }
        return Optional.empty();
    }

    /** IPv4 ranges that {@link InetAddress} has no predicate for. */
    private static Optional<String> ipv4Special(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        if (a0 == 0) {
            return Optional.of("'this network' address (0/8)");
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return Optional.of("carrier-grade NAT address (100.64/10)");
        }
        if (a0 == 198 && (a1 & 0xfe) == 18) {
            return Optional.of("benchmarking address (198.18/15)");
        }
        if (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0) {
            return Optional.of("IETF protocol assignment (192.0.0/24)");
        }
        if (a0 >= 240) {
            return Optional.of("reserved or broadcast address (240/4)");
        }
        return Optional.empty();
    }

    /**
     * The IPv4 address inside an IPv4-mapped ({@code ::ffff:a.b.c.d}), IPv4-compatible ({@code ::a.b.c.d}) or
     * NAT64 ({@code 64:ff9b::a.b.c.d}) address. The JDK already turns mapped text into {@link Inet4Address},
     * but an address built from bytes or resolved by DNS may still arrive in IPv6 form.
     */
    private static Optional<InetAddress> embeddedIpv4(byte[] b) {
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix &= b[i] == 0;
        }
        boolean mapped = zeroPrefix && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeroPrefix
                && b[10] == 0
                && b[11] == 0
                && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] & 0xfe) == 0); // not :: or ::1
        boolean nat64 =
                (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = b[i] == 0;
        }
        if (!mapped && !compatible && !nat64) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always a valid IPv4 address", e);
        }
    }
}
