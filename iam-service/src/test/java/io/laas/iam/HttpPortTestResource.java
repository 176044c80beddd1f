package io.laas.iam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * IAM verifies bearer tokens against its own JWKS endpoint, so the test application must know its port
 * before it starts: pick a free one instead of letting Quarkus choose.
 */
public class HttpPortTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try (ServerSocket socket = new ServerSocket(0)) {
            String port = String.valueOf(socket.getLocalPort());
            return Map.of("quarkus.http.test-port", port, "laas.iam.url", "http://localhost:" + port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
    }
}
