package io.laas.system;

import static io.laas.system.RunningStack.SANDBOX;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;

/**
 * The token lifecycle across the running suite: a token revoked through RFC 7009 is refused by the gateway and
 * by every service reached directly within 5 s of the revoking commit (IAM's outbox relay, then each
 * process's deny-list feed) and by a service restarted after it, and a signing-key rotation keeps tokens of both keys working during the overlap.
 */
class TokenLifecycleIT {

    private static final Duration BUDGET = Duration.ofSeconds(5);

    @BeforeAll
    static void stack() {
        RunningStack.get();
    }

    /** Where a ledger:read token is checked: the gateway and each service directly. */
    private static Map<String, String> readUrls() {
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("gateway", RunningStack.gateway() + "/v1/ledgers/" + SANDBOX + "/accounts");
        urls.put("iam-service", RunningStack.get().service("iam-service").url() + "/v1/ledgers");
        urls.put("ledger-command-service",
                RunningStack.get().service("ledger-command-service").url() + "/v1/ledgers/" + SANDBOX + "/events");
        urls.put("projector-service", RunningStack.get().service("projector-service").url() + "/v1/ledgers/" + SANDBOX + "/accounts");
        urls.put("webhook-service",
                RunningStack.get().service("webhook-service").url() + "/v1/ledgers/" + SANDBOX + "/webhook-endpoints");
        return urls;
    }

    private static int status(String url, String token) {
        return given().auth().oauth2(token).get(url).statusCode();
    }

    @Test
    void aRevokedTokenIsRefusedEverywhereWithinFiveSecondsAndAfterARestart() throws java.io.IOException {
        String token = RunningStack.demoToken();
        Map<String, String> urls = readUrls();
        // every verifier has seen (and the gateway cached) the token before it is revoked
        urls.forEach((where, url) -> assertEquals(200, status(url, token), where));

        long revokedAt = System.nanoTime();
        given().auth().preemptive().basic("demo-client", "demo-secret").formParam("token", token)
                .post("/oauth/revoke").then().statusCode(200).header("Cache-Control", "no-store");

        Map<String, Long> latencyMillis = new LinkedHashMap<>();
        await().atMost(BUDGET.plusSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
            urls.forEach((where, url) -> {
                if (!latencyMillis.containsKey(where) && status(url, token) == 401) {
                    latencyMillis.put(where, (System.nanoTime() - revokedAt) / 1_000_000);
                }
            });
            return latencyMillis.size() == urls.size();
        });
        System.out.println("Revocation reached every verifier after (ms): " + latencyMillis);
        latencyMillis.forEach((where, millis) -> assertTrue(millis < BUDGET.toMillis(),
                where + " refused the revoked token only after " + millis + " ms"));

        given().auth().preemptive().basic("demo-client", "demo-secret").formParam("token", token)
                .post("/oauth/introspect").then().statusCode(200).body("active", equalTo(false));
        // the client's other tokens are untouched
        String fresh = RunningStack.demoToken();
        urls.forEach((where, url) -> assertEquals(200, status(url, fresh), where));

        // a process started after the revocation reads it back before it reports ready
        RunningStack.get().restart("projector-service");
        String projector = urls.get("projector-service");
        assertEquals(401, status(projector, token), "revoked token at the restarted projector");
        assertEquals(200, status(projector, fresh));
    }

    @Test
    void aRotatedSigningKeyIsPublishedBeforeItSignsAndTokensOfBothKeysWorkDuringTheOverlap() {
        String ops = RunningStack.token("ops-client", "ops-secret", null);
        String before = RunningStack.demoToken();
        String oldKid = kid(before);

        String nextKid = given().auth().oauth2(ops).post("/v1/ops/signing-keys/rotation")
                .then().statusCode(202).body("status", equalTo("next")).extract().path("kid");
        assertTrue(given().get("/.well-known/jwks.json").then().extract().jsonPath().getList("keys.kid").contains(nextKid));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> kid(RunningStack.demoToken()).equals(nextKid));
        String after = RunningStack.demoToken();
        assertTrue(!oldKid.equals(nextKid));

        var published = given().get("/.well-known/jwks.json").then().extract().jsonPath().getList("keys.kid");
        assertTrue(published.contains(oldKid) && published.contains(nextKid), "both keys published: " + published);
        readUrls().forEach((where, url) -> {
            assertEquals(200, status(url, before), where + " with a token of the retired key");
            assertEquals(200, status(url, after), where + " with a token of the new key");
        });
    }

    private static String kid(String jwt) {
        return new JsonPath(new String(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))),
                StandardCharsets.UTF_8)).getString("kid");
    }
}
