package io.laas.iam;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.laas.iam.bootstrap.service.BootstrapService;
import io.laas.iam.crypto.CredentialHasher;
import io.laas.iam.crypto.PasswordHasher;
import io.laas.web.security.ApiKeyFormat;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

@QuarkusTest
class BootstrapTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    BootstrapService bootstrap;

    @Inject
    Pool pool;

    @Inject
    PasswordHasher passwords;

    @Inject
    CredentialHasher hasher;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void startupFileCreatedTheDemoTenantWithHashedSecrets() {
        JsonObject user = row("SELECT email, password_hash FROM users WHERE id = $1", Demo.USER);
        assertEquals("test@example.com", user.getString("email"));
        assertTrue(passwords.verify("password", user.getString("password_hash")));
        assertEquals("owner", row("SELECT role FROM org_users WHERE organization_id = $1", Demo.ORG).getString("role"));
        JsonObject key = row("SELECT prefix, last_four, key_hash, project_id, ledger_ids, scopes FROM api_keys WHERE id = $1",
                Demo.API_KEY_ID);
        assertEquals("sk_test_1234", key.getString("prefix"));
        assertEquals("9012", key.getString("last_four"));
        assertEquals(hasher.hash(Demo.API_KEY).hash(), key.getString("key_hash"));
        assertEquals(Demo.PROJECT.toString(), key.getString("project_id"));
        assertEquals(List.of(Demo.SANDBOX.toString()), key.getJsonArray("ledger_ids").getList());
        JsonObject client = row("SELECT secret_hash, ledger_ids, project_id FROM oauth_clients WHERE client_id = $1",
                Demo.CLIENT_ID);
        assertEquals(hasher.hash(Demo.CLIENT_SECRET).hash(), client.getString("secret_hash"));
        assertEquals(List.of(Demo.SANDBOX.toString()), client.getJsonArray("ledger_ids").getList());
    }

    @Test
    void startupFilePublishedLedgerCreatedForTheSandbox() {
        List<ConsumerRecord<String, String>> records = RegistryTopic.recordsWithKey(Demo.SANDBOX.toString(),
                Duration.ofSeconds(30), Duration.ofSeconds(1));
        assertEquals(1, records.size());
        ConsumerRecord<String, String> record = records.get(0);
        JsonObject payload = new JsonObject(record.value());
        assertEquals("ledger.created", payload.getString("event_type"));
        assertEquals("ledger.created", RegistryTopic.header(record, "eventType"));
        assertEquals(payload.getString("event_id"), RegistryTopic.header(record, "id"));
        assertEquals(Demo.SANDBOX.toString(), payload.getString("ledger_id"));
        assertEquals(Demo.ORG.toString(), payload.getString("org_id"));
        assertEquals(Demo.PROJECT.toString(), payload.getString("project_id"));
        assertEquals("sandbox", payload.getString("code"));
        assertEquals("Sandbox", payload.getString("name"));
        assertEquals("USD", payload.getString("currency"));
        assertNotNull(Instant.parse(payload.getString("created_at")));
    }

    @Test
    void applyingAFileTwiceChangesNothingAndEmitsOneLedgerCreated() throws Exception {
        UUID org = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID ledger = UUID.randomUUID();
        UUID keyId = UUID.randomUUID();
        String key = ApiKeyFormat.generate(false);
        String clientId = "client-" + UUID.randomUUID();
        Path file = yaml("""
                organizations:
                  - id: %s
                    name: Acme
                    users:
                      - id: %s
                        email: %s@example.com
                        password: ${IAM_TEST_UNSET_VARIABLE:s3cret-password}
                        role: developer
                    projects:
                      - id: %s
                        code: shop
                        name: Shop
                        ledgers:
                          - id: %s
                            code: main
                            name: Main
                            currency: JPY
                            api_keys:
                              - id: %s
                                key: %s
                                description: CI key
                                scopes: [ledger:read]
                        clients:
                          - client_id: %s
                            client_secret: client-secret
                            name: Backend
                            scopes: [ledger:read, ledger:write]
                            ledgers: [main]
                """.formatted(org, user, user, project, ledger, keyId, key, clientId));

        BootstrapService.Result first = bootstrap.apply(file).await().atMost(WAIT);
        assertEquals(new BootstrapService.Result(1, 1), first);
        List<String> before = snapshot(org, user, project, ledger, keyId, clientId);
        assertEquals(7, before.size());

        BootstrapService.Result second = bootstrap.apply(file).await().atMost(WAIT);
        assertEquals(new BootstrapService.Result(1, 0), second);
        assertEquals(before, snapshot(org, user, project, ledger, keyId, clientId));

        List<ConsumerRecord<String, String>> records = RegistryTopic.recordsWithKey(ledger.toString(),
                Duration.ofSeconds(30), Duration.ofSeconds(3));
        assertEquals(1, records.size(), "exactly one ledger.created");
        JsonObject payload = new JsonObject(records.get(0).value());
        assertEquals("JPY", payload.getString("currency"));
        assertEquals(org.toString(), payload.getString("org_id"));
        assertEquals(project.toString(), payload.getString("project_id"));
        assertEquals(0L, row("SELECT count(*) AS n FROM outbox WHERE aggregateid = $1", ledger.toString()).getLong("n"),
                "relayed rows are deleted");

        // the bootstrapped credentials work
        given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("client_id", ApiKeyFormat.prefix(key)).formParam("client_secret", key)
                .post("/oauth/token").then().statusCode(200).body("scope", equalTo("ledger:read"));
        given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("client_id", clientId).formParam("client_secret", "client-secret")
                .post("/oauth/token").then().statusCode(200).body("scope", equalTo("ledger:read ledger:write"));
    }

    @Test
    void aFileThatFailsHalfwayWritesNothing() throws Exception {
        UUID org = UUID.randomUUID();
        // the sandbox ledger exists with currency USD: ledgers never change, so this file must be refused
        Path file = yaml("""
                organizations:
                  - id: %s
                    name: Half
                    projects:
                      - id: %s
                        code: half
                        name: Half
                        ledgers:
                          - id: %s
                            code: sandbox
                            name: Sandbox
                            currency: EUR
                """.formatted(org, UUID.randomUUID(), Demo.SANDBOX));
        assertThrows(IllegalStateException.class, () -> bootstrap.apply(file).await().atMost(WAIT));
        assertEquals(0L, row("SELECT count(*) AS n FROM organizations WHERE id = $1", org).getLong("n"));
        assertEquals("USD", row("SELECT currency FROM ledgers WHERE id = $1", Demo.SANDBOX).getString("currency"));
    }

    @Test
    void invalidFilesAreRefusedBeforeAnyWrite() throws Exception {
        UUID org = UUID.randomUUID();
        String template = """
                organizations:
                  - id: %s
                    name: Bad
                    projects:
                      - id: %s
                        code: bad
                        name: Bad
                        ledgers:
                          - id: %s
                            code: bad
                            name: Bad
                            currency: %s
                            api_keys:
                              - id: %s
                                key: %s
                """;
        Path badCurrency = yaml(template.formatted(org, UUID.randomUUID(), UUID.randomUUID(), "ZZZ",
                UUID.randomUUID(), ApiKeyFormat.generate(true)));
        Path shortKey = yaml(template.formatted(org, UUID.randomUUID(), UUID.randomUUID(), "EUR",
                UUID.randomUUID(), "sk_test_tooshort"));
        Path unknownField = yaml("organizations:\n  - id: " + org + "\n    name: X\n    colour: red\n");
        for (Path file : List.of(badCurrency, shortKey, unknownField)) {
            assertThrows(RuntimeException.class, () -> bootstrap.apply(file), file.toString());
        }
        assertEquals(0L, row("SELECT count(*) AS n FROM organizations WHERE id = $1", org).getLong("n"));
    }

    private List<String> snapshot(UUID org, UUID user, UUID project, UUID ledger, UUID keyId, String clientId) {
        List<String> rows = new ArrayList<>();
        rows.addAll(json("SELECT * FROM organizations WHERE id = $1", org));
        rows.addAll(json("SELECT * FROM users WHERE id = $1", user));
        rows.addAll(json("SELECT * FROM org_users WHERE user_id = $1", user));
        rows.addAll(json("SELECT * FROM projects WHERE id = $1", project));
        rows.addAll(json("SELECT * FROM ledgers WHERE id = $1", ledger));
        rows.addAll(json("SELECT * FROM api_keys WHERE id = $1", keyId));
        rows.addAll(json("SELECT * FROM oauth_clients WHERE client_id = $1", clientId));
        return rows;
    }

    private List<String> json(String sql, Object param) {
        List<String> rows = new ArrayList<>();
        pool.preparedQuery("SELECT row_to_json(t)::text AS j FROM (" + sql + ") t").execute(Tuple.of(param))
                .await().atMost(WAIT).forEach(r -> rows.add(r.getString("j")));
        return rows;
    }

    @Test
    void aLedgerRenamedInTheFileIsRenamedAndAnnouncedButItsCurrencyNeverChanges() throws Exception {
        UUID org = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID ledger = UUID.randomUUID();
        String file = """
                organizations:
                  - id: %s
                    name: Renamers
                    projects:
                      - id: %s
                        code: shop
                        name: Shop
                        ledgers:
                          - id: %s
                            code: main
                            name: %s
                            currency: %s
                """;
        bootstrap.apply(yaml(file.formatted(org, project, ledger, "Main", "EUR"))).await().atMost(WAIT);
        assertEquals(new BootstrapService.Result(1, 0),
                bootstrap.apply(yaml(file.formatted(org, project, ledger, "Main renamed", "EUR"))).await().atMost(WAIT));
        assertEquals("Main renamed", row("SELECT name FROM ledgers WHERE id = $1", ledger).getString("name"));

        Path otherCurrency = yaml(file.formatted(org, project, ledger, "Main renamed", "USD"));
        assertThrows(IllegalStateException.class, () -> bootstrap.apply(otherCurrency).await().atMost(WAIT));
        assertEquals("EUR", row("SELECT currency FROM ledgers WHERE id = $1", ledger).getString("currency"));

        List<String> types = RegistryTopic.recordsWithKey(ledger.toString(), Duration.ofSeconds(30), Duration.ofSeconds(2))
                .stream().map(record -> RegistryTopic.header(record, "eventType")).toList();
        assertEquals(List.of("ledger.created", "ledger.updated"), types);
    }

    private JsonObject row(String sql, Object param) {
        List<String> rows = json(sql, param);
        assertEquals(1, rows.size(), sql);
        return new JsonObject(rows.get(0));
    }

    private static Path yaml(String content) throws IOException {
        Path file = Files.createTempFile("tenants-", ".yml");
        Files.writeString(file, content);
        file.toFile().deleteOnExit();
        return file;
    }
}
