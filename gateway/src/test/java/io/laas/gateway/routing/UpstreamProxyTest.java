package io.laas.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.laas.gateway.routing.service.UpstreamProxy;
import io.laas.gateway.support.TestConfig;
import io.laas.web.problem.ProblemException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;

/** Failures to reach a service at all, without the rest of the application. */
class UpstreamProxyTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.closeAndAwait();
    }

    @Test
    void aServiceThatIsDownIs502UpstreamUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        UpstreamProxy proxy = new UpstreamProxy(vertx, TestConfig.upstreamsAt("http://127.0.0.1:" + closedPort), metrics);

        ProblemException e = assertThrows(ProblemException.class, () -> proxy
                .send(Upstream.COMMAND, "POST", "/v1/ledgers/x/transactions", MultiMap.caseInsensitiveMultiMap(), null)
                .await().atMost(Duration.ofSeconds(10)));

        assertEquals(502, e.status());
        assertEquals("UPSTREAM_UNAVAILABLE", e.code());
        assertEquals("command", e.extensions().get("upstream"));
        assertEquals(1.0, metrics.counter("laas_gateway_upstream_failures", "upstream", "command", "reason", "unavailable")
                .count());
    }

    @Test
    void anAbsoluteLocationOnTheServicesInternalAddressBecomesAPathOnTheGateway() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Location", "http://127.0.0.1:8082/v1/ledgers/l/transactions/t");
        assertEquals("/v1/ledgers/l/transactions/t",
                UpstreamProxy.publicLocation(headers, "http://127.0.0.1:8082").get("location"));

        MultiMap elsewhere = MultiMap.caseInsensitiveMultiMap().add("Location", "https://example.com/x");
        assertEquals("https://example.com/x", UpstreamProxy.publicLocation(elsewhere, "http://127.0.0.1:8082").get("location"));
    }
}
