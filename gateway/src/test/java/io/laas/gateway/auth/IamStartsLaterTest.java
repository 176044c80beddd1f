package io.laas.gateway.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.gateway.support.FakeService;
import io.laas.gateway.support.Fakes;
import io.laas.gateway.support.Tokens;
import io.laas.web.security.Scopes;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * The gateway starts while IAM is down, answers 502 instead of failing, and validates tokens as soon as
 * IAM is up, without a restart.
 */
@QuarkusTest
@TestProfile(IamStartsLaterTest.IamNotYetUp.class)
class IamStartsLaterTest {

    /** IAM (and, to see the request arrive, the projector) on a port where nothing listens yet. */
    public static class IamNotYetUp implements QuarkusTestProfile {
        // Quarkus loads this class in more than one class loader: share the port through a system property
        private static final String PORT_PROPERTY = "laas.test.iam-starts-later.port";
        static final int PORT = Integer.parseInt(System.getProperties()
                .computeIfAbsent(PORT_PROPERTY, key -> String.valueOf(freePort())).toString());

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            String url = "http://127.0.0.1:" + PORT;
            return Map.of("laas.iam.url", url, "laas.gateway.iam-url", url, "laas.gateway.projector-url", url,
                    "laas.gateway.command-url", url, "laas.gateway.webhook-url", url);
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void requestsGet502UntilIamIsUpThenTokensAreValidated() throws IOException {
        UUID ledger = UUID.randomUUID();
        String token = Tokens.forLedgers(List.of(ledger), Scopes.LEDGER_READ);

        given().auth().oauth2(token).get("/v1/ledgers/{ledger}/accounts", ledger)
                .then().statusCode(502)
                .contentType("application/problem+json")
                .body("code", equalTo("UPSTREAM_UNAVAILABLE"))
                .body("upstream", equalTo("iam"));
        given().auth().oauth2(Fakes.newValidApiKey()).get("/v1/accounts")
                .then().statusCode(502).body("code", equalTo("UPSTREAM_UNAVAILABLE"));

        FakeService iam = Fakes.startIam(IamNotYetUp.PORT);
        try {
            // the fake IAM also stands in for the projector here: its 404 proves the token was accepted
            given().auth().oauth2(token).get("/v1/ledgers/{ledger}/accounts", ledger)
                    .then().statusCode(404)
                    .body("error", equalTo("not_found"));
        } finally {
            iam.stop();
        }
    }
}
