package io.sightline.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NonPublicAddressesTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "127.0.0.1|loopback",
                "127.0.0.2|loopback",
                "::1|loopback",
                "::ffff:127.0.0.1|loopback",
                "10.1.2.3|private",
                "172.16.5.4|private",
                "172.31.255.255|private",
                "192.168.1.1|private",
                "::ffff:192.168.0.1|private",
                "169.254.169.254|link-local",
                "fe80::1|link-local",
                "fc00::1|unique-local",
                "fd12:3456::1|unique-local",
                "0.0.0.0|unspecified",
                "::|unspecified",
                "224.0.0.1|multicast",
                "ff02::1|multicast",
                "100.64.0.1|carrier-grade NAT",
                "255.255.255.255|broadcast",
                "0.1.2.3|this network",
                "64:ff9b::a9fe:a9fe|link-local",
            })
    void refusesNonPublicAddresses(String literal, String kind) throws Exception {
        assertThat(NonPublicAddresses.reason(InetAddress.getByName(literal)))
                .hasValueSatisfying(r -> assertThat(r).contains(kind));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"8.8.8.8", "93.184.216.34", "172.32.0.1", "192.169.0.1", "2606:4700::1111", "::ffff:8.8.8.8"})
    void acceptsPublicAddresses(String literal) throws Exception {
        assertThat(NonPublicAddresses.reason(InetAddress.getByName(literal))).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void judgesIpv4MappedAndCompatibleBytesThatStayIpv6() throws Exception {
        // The JDK turns mapped text into Inet4Address, so build the IPv6 forms from bytes, as a resolver may.
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 10;
        mapped[15] = 1;
        byte[] compatible = new byte[16];
        compatible[12] = (byte) 169;
        compatible[13] = (byte) 254;
        compatible[14] = (byte) 169;
        compatible[15] = (byte) 254;
        assertThat(NonPublicAddresses.reason(java.net.Inet6Address.getByAddress(null, mapped, -1)))
                .hasValueSatisfying(r -> assertThat(r).contains("private").contains("embedded"));
        assertThat(NonPublicAddresses.reason(java.net.Inet6Address.getByAddress(null, compatible, -1)))
                .hasValueSatisfying(r -> assertThat(r).contains("link-local"));
    }
}
