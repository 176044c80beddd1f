package io.laas.local.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.junit.jupiter.api.Test;

class PortCheckTest {

    @Test
    void aPortAnotherProcessListensOnIsTaken() throws IOException {
        try (ServerSocket listening = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            assertFalse(PortCheck.isFree(listening.getLocalPort()));
        }
    }

    @Test
    void aPortWhoseServerJustStoppedIsFreeThoughItsClosedConnectionsLinger() throws IOException {
        int port;
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = server.getLocalPort();
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port);
                    Socket accepted = server.accept()) {
                // the server side closes first: its end of the connection stays in TIME_WAIT on the port for a
                // minute, as after `laas down` stopped a service that had answered requests
                accepted.close();
                client.getInputStream().read();
            }
        }
        assertTrue(PortCheck.isFree(port), "laas up right after laas down");
    }
}
