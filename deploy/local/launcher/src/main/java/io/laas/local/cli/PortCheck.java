package io.laas.local.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.laas.local.LocalStack;

/** The ports {@code laas up} listens on, and which of them another process holds already. */
final class PortCheck {

    private PortCheck() {
    }

    /** Each port of the stack with what listens there, in start order. */
    static Map<Integer, String> ports(LocalStack.Ports ports) {
        Map<Integer, String> named = new LinkedHashMap<>();
        named.put(ports.postgres(), "PostgreSQL");
        named.put(ports.kafka(), "Kafka");
        named.put(ports.kafka() + 1, "Kafka's controller");
        for (String service : LocalStack.SERVICES) {
            named.put(ports.of(service), service);
            named.put(ports.managementOf(service), service + " management");
        }
        return named;
    }

    /** "port 8080 (gateway) is in use by another process" for every port another process listens on. */
    static List<String> taken(LocalStack.Ports ports) {
        List<String> taken = new ArrayList<>();
        ports(ports).forEach((port, owner) -> {
            if (!isFree(port)) {
                taken.add("port " + port + " (" + owner + ") is in use by another process");
            }
        });
        return taken;
    }

    /**
     * Whether nothing listens on the port. SO_REUSEADDR, as the servers themselves bind: a listener still refuses the
     * bind, while the connections a just-stopped server closed (TIME_WAIT, a minute) do not, so that {@code laas up}
     * right after {@code laas down} starts.
     */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
