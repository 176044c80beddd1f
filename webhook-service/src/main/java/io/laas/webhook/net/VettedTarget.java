package io.laas.webhook.net;

import java.net.InetAddress;

/**
 * A webhook URL whose host was resolved and checked: connect to {@code address}, and use {@code host}
 * for the Host header, TLS SNI and certificate verification.
 */
public record VettedTarget(String host, int port, boolean ssl, String requestUri, InetAddress address) {
}
