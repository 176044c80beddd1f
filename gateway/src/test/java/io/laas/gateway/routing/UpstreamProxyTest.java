package io.laas.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.laas.gateway.routing.service.CommandReplicas;
import io.laas.gateway.routing.service.UpstreamProxy;
import io.laas.gateway.support.TestConfig;
import io.laas.web.problem.ProblemException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;

/** Failures to reach a service at all, without the rest of the application. */
class UpstreamProxyTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aServiceThatIsDownIs502UpstreamUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        TestConfig config = TestConfig.upstreamsAt("http://127.0.0.1:" + closedPort);
        UpstreamProxy proxy = new UpstreamProxy(vertx, config, metrics,
                new CommandReplicas(vertx, config, name -> Future.failedFuture("no DNS"), metrics));

        Throwable failure = assertThrows(ExecutionException.class, () -> proxy
                .send(Upstream.COMMAND, "POST", "/v1/ledgers/x/transactions", MultiMap.caseInsensitiveMultiMap(), null)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)).getCause();
        ProblemException e = assertInstanceOf(ProblemException.class, failure);

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
