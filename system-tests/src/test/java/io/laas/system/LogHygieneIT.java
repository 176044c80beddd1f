package io.laas.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The logs of the whole stack, as production writes them (JSON, one object a line), after a tenant's whole life
 * through the gateway: sign-up and sign-in, an API key, an OAuth client and its tokens, transactions, a webhook
 * endpoint with its signing secret, an invitation accepted, and failed logins with wrong passwords, secrets, keys
 * and tokens. No secret the scenario created or used is anywhere in any service's log, nor anything shaped like
 * one; every line is JSON; and each request's lines, even among concurrent requests, carry that request's own
 * id, organisation, ledger and credential.
 */
class LogHygieneIT {

    /** What a secret looks like wherever it comes from: a bearer JWT, a JWT, a whole API key, a client or webhook secret. */
    private static final List<Pattern> SECRET_SHAPES = List.of(Pattern.compile("Bearer ey", Pattern.CASE_INSENSITIVE),
            Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ"), Pattern.compile("sk_(test|live)_[A-Za-z0-9_-]{13,}"),
            Pattern.compile("cs_[A-Za-z0-9]{20,}"), Pattern.compile("whsec_[A-Za-z0-9+/=_-]{8,}"),
            Pattern.compile("__Host-laas_session="));

    private static LoopbackReceiver receiver;

    /** Every secret value the scenario created or used, with what it is. */
    private final Map<String, String> secrets = new LinkedHashMap<>();

    @BeforeAll
    static void stack() {
        RunningStack.get();
        receiver = LoopbackReceiver.start("/log-hygiene");
    }

    @AfterAll
    static void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void noSecretIsLoggedAndEveryRequestsLinesNameItsCaller() throws Exception {
        secrets.put(RunningStack.API_KEY, "the demo API key");
        secrets.put("demo-secret", "the demo client's secret");

        // a person signs up and signs in: password, session cookie, CSRF token
        String password = "pw-" + UUID.randomUUID();
        String email = "logs-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        secrets.put(password, "a password");
        String orgId = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password, "organization_name", "Log Hygiene"))
                .post("/v1/signup").then().statusCode(201).extract().path("organization.id");
        ConsoleSession owner = ConsoleSession.signIn(email, password);
        secrets.put(owner.session(), "a session cookie");
        secrets.put(owner.csrf(), "a CSRF token");

        String project = owner.unsafe().body(Map.of("code", "logs", "name", "Logs")).post("/v1/projects")
                .then().statusCode(201).extract().path("id");
        UUID ledger = UUID.fromString(owner.unsafe().body(Map.of("code", "main", "name", "Main", "currency", "USD"))
                .post("/v1/projects/{project}/ledgers", project).then().statusCode(201).extract().path("id"));

        // an API key and an OAuth client, and the client's access token
        var key = owner.unsafe().body(Map.of("scopes", List.of("ledger:read", "ledger:write", "webhooks:write"),
                "ledgers", List.of(ledger.toString()))).post("/v1/projects/{project}/api-keys", project)
                .then().statusCode(201).extract();
        String apiKey = key.path("key");
        String keyId = key.path("id");
        secrets.put(apiKey, "an API key");
        var client = owner.unsafe().body(Map.of("name", "Backend", "scopes", List.of("ledger:read", "ledger:write"),
                "ledgers", List.of(ledger.toString()))).post("/v1/projects/{project}/clients", project)
                .then().statusCode(201).extract();
        String clientId = client.path("client_id");
        String clientSecret = client.path("client_secret");
        secrets.put(clientSecret, "an OAuth client secret");
        String accessToken = RunningStack.token(clientId, clientSecret, null);
        secrets.put(accessToken, "an access token");

        // accounts as soon as the command service knows the ledger, then transactions with either credential
        for (String code : new String[] { "cash", "revenue" }) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> given()
                    .auth().oauth2(apiKey).contentType(ContentType.JSON)
                    .body(Map.of("code", code, "name", code, "type", code.equals("cash") ? "asset" : "revenue"))
                    .post("/v1/ledgers/{ledger}/accounts", ledger).statusCode() == 201);
        }
        String byKey = "logs-key-" + UUID.randomUUID();
        String transactionId = given().auth().oauth2(apiKey).header("x-request-id", byKey).contentType(ContentType.JSON)
                .body(LedgerApi.transfer(LedgerApi.newCode("logs"), "cash", "revenue", "10.00"))
                .post("/v1/ledgers/{ledger}/transactions", ledger)
                .then().statusCode(201).header("x-request-id", byKey).extract().path("transaction_id");

        // a webhook endpoint, its signing secret, and the secret it is rotated to
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            Response created = given().auth().oauth2(apiKey).contentType(ContentType.JSON)
                    .body(Map.of("url", receiver.url())).post("/v1/ledgers/{ledger}/webhook-endpoints", ledger);
            if (created.statusCode() == 201) {
                secrets.put(created.path("secret"), "a webhook signing secret");
                String id = created.path("id");
                String rotated = given().auth().oauth2(apiKey).contentType(ContentType.JSON).body(Map.of())
                        .post("/v1/ledgers/{ledger}/webhook-endpoints/{id}/secret/rotate", ledger, id)
                        .then().statusCode(200).extract().path("secret");
                secrets.put(rotated, "a rotated webhook signing secret");
                return true;
            }
            return false;
        });

        // an invitation, accepted with a password of its own
        Response invitation = owner.unsafe().body(Map.of("email", "dev-" + UUID.randomUUID().toString().substring(0, 8)
                + "@example.test", "role", "developer")).post("/v1/organizations/current/invitations");
        invitation.then().statusCode(201);
        secrets.put(invitation.path("token"), "an invitation token");
        String developerPassword = "pw-" + UUID.randomUUID();
        secrets.put(developerPassword, "a password");
        given().contentType(ContentType.JSON).body(Map.of("password", developerPassword))
                .post((String) invitation.path("accept_path")).then().statusCode(200);

        // failed logins, each with a wrong secret of its kind
        String wrongPassword = "wrong-" + UUID.randomUUID();
        secrets.put(wrongPassword, "a wrong password");
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", wrongPassword))
                .post("/v1/sessions").then().statusCode(401);
        String wrongSecret = "cs_" + UUID.randomUUID().toString().replace("-", "") + "WrongWrong";
        secrets.put(wrongSecret, "a wrong client secret");
        given().auth().preemptive().basic(clientId, wrongSecret).contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials").post("/oauth/token").then().statusCode(401);
        String wrongKey = apiKey.substring(0, apiKey.length() - 8) + "AAAAAAAA";
        secrets.put(wrongKey, "a mistyped API key");
        given().auth().oauth2(wrongKey).get("/v1/ledgers/{ledger}/accounts", ledger).then().statusCode(401);
        String forgedToken = accessToken.substring(0, accessToken.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
        secrets.put(forgedToken, "a forged access token");
        given().auth().oauth2(forgedToken).get("/v1/ledgers/{ledger}/accounts", ledger).then().statusCode(401);

        // concurrent requests of two credentials: each one's lines name its own request and caller
        Map<String, String> callerOf = concurrentReads(ledger, apiKey, keyId, accessToken, clientId);

        // the console signs out: its session is revoked
        owner.unsafe().delete("/v1/sessions/current").then().statusCode(204);

        Map<String, List<JsonNode>> lines = awaitLines(byKey, "ledger-command-service");
        assertNoSecrets();

        // the key's transaction, through the gateway and at the command service, each line with the request's fields
        for (String service : new String[] { "gateway", "ledger-command-service" }) {
            List<JsonNode> ofRequest = byRequest(lines.get(service), byKey);
            assertFalse(ofRequest.isEmpty(), service + " logged nothing for request " + byKey);
            for (JsonNode line : ofRequest) {
                assertEquals(keyId, field(line, "credential_id"), service + ": " + line);
                assertEquals(orgId, field(line, "org_id"), service + ": " + line);
                assertEquals(ledger.toString(), field(line, "ledger_id"), service + ": " + line);
            }
        }
        List<JsonNode> atCommand = byRequest(lines.get("ledger-command-service"), byKey);
        assertEquals(project, field(atCommand.get(atCommand.size() - 1), "project_id"));
        assertEquals(transactionId, field(atCommand.get(atCommand.size() - 1), "transaction_id"));

        callerOf.forEach((requestId, credential) -> {
            for (String service : new String[] { "gateway", "projector-service" }) {
                List<JsonNode> ofRequest = byRequest(lines.get(service), requestId);
                assertFalse(ofRequest.isEmpty(), service + " logged nothing for request " + requestId);
                ofRequest.forEach(line -> assertEquals(credential, field(line, "credential_id"),
                        service + ", request " + requestId + ": " + line));
            }
        });
    }

    /**
     * Twenty reads at once, alternately with the API key and the client's token, each with its own request id.
     *
     * @return the credential id each request id was sent with
     */
    private static Map<String, String> concurrentReads(UUID ledger, String apiKey, String keyId, String accessToken,
            String clientId) throws Exception {
        Map<String, String> callerOf = new LinkedHashMap<>();
        ExecutorService threads = Executors.newFixedThreadPool(10);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                boolean byKey = i % 2 == 0;
                String requestId = "logs-concurrent-" + i + "-" + UUID.randomUUID();
                callerOf.put(requestId, byKey ? keyId : clientId);
                String credential = byKey ? apiKey : accessToken;
                answers.add(threads.submit(() -> given().auth().oauth2(credential).header("x-request-id", requestId)
                        .get("/v1/ledgers/{ledger}/accounts", ledger).statusCode()));
            }
            for (Future<Integer> answer : answers) {
                assertEquals(200, answer.get());
            }
        } finally {
            threads.shutdownNow();
        }
        return callerOf;
    }

    /** Each service's log lines, read once the command service has logged {@code requestId} (console output is not buffered, but the access log line follows the answer). */
    private static Map<String, List<JsonNode>> awaitLines(String requestId, String service) throws IOException {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> !byRequest(parsed(logFile(service)), requestId).isEmpty());
        Map<String, List<JsonNode>> lines = new LinkedHashMap<>();
        for (Path file : logFiles()) {
            String name = file.getFileName().toString();
            lines.put(name.substring(0, name.length() - ".log".length()), parsed(file));
        }
        return lines;
    }

    private void assertNoSecrets() throws IOException {
        List<String> hits = new ArrayList<>();
        for (Path file : logFiles()) {
            List<String> lines = Files.readAllLines(file);
            for (int number = 1; number <= lines.size(); number++) {
                String line = lines.get(number - 1);
                for (Map.Entry<String, String> secret : secrets.entrySet()) {
                    if (line.contains(secret.getKey())) {
                        hits.add(file.getFileName() + ":" + number + " holds " + secret.getValue() + ": " + line);
                    }
                }
                for (Pattern shape : SECRET_SHAPES) {
                    if (shape.matcher(line).find()) {
                        hits.add(file.getFileName() + ":" + number + " holds something shaped like " + shape + ": " + line);
                    }
                }
            }
        }
        if (!hits.isEmpty()) {
            fail("Secrets in the logs:\n" + String.join("\n", hits));
        }
    }

    private static List<Path> logFiles() throws IOException {
        try (Stream<Path> files = Files.list(RunningStack.get().logDirectory())) {
            List<Path> logs = files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList();
            for (String service : io.laas.local.LocalStack.SERVICES) {
                assertTrue(logs.contains(logFile(service)), "no log of " + service + " among " + logs);
            }
            return logs;
        }
    }

    private static Path logFile(String service) {
        return RunningStack.get().service(service).logFile();
    }

    /** Every line of a log, each of which must be a JSON object. */
    private static List<JsonNode> parsed(Path file) throws IOException {
        List<JsonNode> parsed = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int number = 1; number <= lines.size(); number++) {
            String line = lines.get(number - 1);
            JsonNode node;
            try {
                node = StackHttp.JSON.readTree(line);
            } catch (IOException e) {
                throw new AssertionError(file.getFileName() + ":" + number + " is not JSON: " + line, e);
            }
            if (node == null || !node.isObject()) {
                fail(file.getFileName() + ":" + number + " is not a JSON object: " + line);
            }
            parsed.add(node);
        }
        return parsed;
    }

    private static List<JsonNode> byRequest(List<JsonNode> lines, String requestId) {
        return lines.stream().filter(line -> requestId.equals(field(line, "request_id"))).toList();
    }

    private static String field(JsonNode line, String name) {
        JsonNode value = line.path("mdc").path(name);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }
}
