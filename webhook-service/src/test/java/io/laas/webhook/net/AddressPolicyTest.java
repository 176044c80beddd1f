package io.laas.webhook.net;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = { "127.0.0.1", "127.8.9.10", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.0.1",
            "169.254.169.254", "100.64.0.1", "100.127.255.255", "0.0.0.0", "224.0.0.1", "239.255.255.250",
            "255.255.255.255", "198.18.0.1", "192.0.0.8", "::", "::1", "fc00::1", "fd12:3456::1", "fe80::1",
            "fec0::1", "ff02::1", "::ffff:10.0.0.1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::1", "::127.0.0.1" })
    void internalAddressesAreRefused(String literal) throws Exception {
        assertNotNull(AddressPolicy.refusal(InetAddress.getByName(literal)), literal);
    }

    @ParameterizedTest
    @ValueSource(strings = { "93.184.215.14", "8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "169.253.1.1",
            "2606:4700:4700::1111", "2a00:1450:4001::200e", "64:ff9b::808:808" })
    void publicAddressesAreAllowed(String literal) throws Exception {
        assertNull(AddressPolicy.refusal(InetAddress.getByName(literal)), literal);
    }
}
