package io.laas.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.standardwebhooks.Webhook;

import io.laas.local.LocalInfra;
import io.laas.local.LocalStack;
import io.laas.local.testing.EarlierReleaseSchema;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * An upgrade of the whole suite from the first release. A stack of its own (PostgreSQL, Kafka, the five services on
 * free ports) whose database holds every schema at V1 with the rows the first release wrote for one tenant: each
 * service's own upgrade rows ({@code <service>/src/test/resources/upgrade/from-v1.sql}), made one tenant's by giving
 * IAM's and the webhook service's rows the command service's organisation, project and ledger, and pointing the
 * old webhook endpoint at a receiver of this test. Those rows stand for the traffic before the upgrade. Then the
 * current services start on that database, each migrating its schema at start, and the old tenant goes on: its old
 * API key authenticates, the ledger verifies, the projection catches up with the events the command service's outbox
 * still held, the old endpoint receives them and a new transaction's event signed with its old secret, and the
 * ledger takes the new write.
 */
class UpgradeIT {

    private static final Path ROOT = RepositoryRoot.path();
    private static final String LEDGER = "0b1e6c7a-5d2f-4c1e-9a7b-3f2d1c0e9a01";
    /** The first release's IAM, command service and webhook rows name these; the suite's upgrade uses the command's. */
    private static final Map<String, String> ONE_TENANT = Map.of(
            "7c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d01", "5a4f3e2d-1c0b-4a9f-8e7d-6c5b4a3f2e01",
            "7c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d04", "6b5a4f3e-2d1c-4b0a-9f8e-7d6c5b4a3f01",
            "7c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d05", LEDGER,
            "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b01", LEDGER);
    private static final String API_KEY = "sk_live_V1upgradeKey0123456789abcdefghijklmnop";
    private static final String OLD_WEBHOOK_URL = "http://127.0.0.1:9/v1-hooks";
    private static final String WEBHOOK_SECRET = "whsec_ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+f4CBgoM=";
    private static final String DUE_MESSAGE = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b11";
    private static final String EVENT_5 = "e0000001-0000-4000-8000-000000000005";
    private static final String EVENT_6 = "e0000001-0000-4000-8000-000000000006";
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** Each service's name in the gateway's {@code GET /v1/_info}. */
    private static final Map<SchemaService, String> INFO_KEYS = Map.of(SchemaService.IAM, "iam",
            SchemaService.LEDGER, "command", SchemaService.PROJECTOR, "projector", SchemaService.WEBHOOK, "webhook");
    private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__.*\\.sql");

    private static LoopbackReceiver receiver;
    private static LocalStack stack;

    @BeforeAll
    static void startTheCurrentStackOnTheFirstReleasesDatabase() throws Exception {
        receiver = LoopbackReceiver.start("/v1-hooks");
        Path dataDir = Files.createDirectories(Path.of("target", "upgrade-stack"));
        Path tenants = dataDir.resolve("tenants.yml");
        try (InputStream in = UpgradeIT.class.getResourceAsStream("/tenants.yml")) {
            Files.copy(in, tenants, StandardCopyOption.REPLACE_EXISTING);
        }
        LocalStack.Ports ports = LocalStack.Ports.free();
        Instant begin = Instant.now();
        try (LocalInfra infra = LocalInfra.start(dataDir, true, ports.postgres(), ports.kafka())) {
            for (SchemaService service : SchemaService.values()) {
                EarlierReleaseSchema.prepareSchema(infra.postgres().port(), LocalInfra.USERNAME, LocalInfra.PASSWORD,
                        LocalInfra.DATABASE, service.schema, migrations(service), "1", firstReleaseRows(service));
            }
        }
        stack = LocalStack.start(new LocalStack.Options(ROOT, dataDir, false, ports, tenants,
                Map.of("LAAS_WEBHOOK_ALLOW_PRIVATE_TARGETS", "true")));
        System.out.printf("The current stack started on the first release's database in %d s%n",
                Duration.between(begin, Instant.now()).toSeconds());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void theFirstReleasesTenantCarriesOnAfterTheUpgrade() throws Exception {
        // every schema went from V1 to the latest migration of its service, each recorded once and successful
        try (Connection laas = SchemaService.superuser(stack, LocalInfra.DATABASE)) {
            for (SchemaService service : SchemaService.values()) {
                List<String> applied = SchemaService.column(laas, "SELECT version || ' ' || success FROM "
                        + service.schema + ".flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank");
                assertEquals("1 true", applied.get(0), service.schema);
                assertEquals(latestMigration(service) + " true", applied.get(applied.size() - 1), service.schema);
                assertTrue(applied.stream().allMatch(line -> line.endsWith(" true")), service.schema + ": " + applied);
            }
        }
        // and say so through the gateway
        JsonPath info = gateway().get("/v1/_info").then().statusCode(200).body("status", equalTo("up"))
                .extract().jsonPath();
        for (Map.Entry<SchemaService, String> service : INFO_KEYS.entrySet()) {
            assertEquals(String.valueOf(latestMigration(service.getKey())),
                    info.getString("services." + service.getValue() + ".info.schema_version"), service.getValue());
        }

        // the old API key authenticates; the old history verifies as a chain
        withKey().get("/v1/ledgers/{l}/verify", LEDGER).then().statusCode(200)
                .body("verified", equalTo(true)).body("last_sequence", equalTo(6)).body("first_mismatch", nullValue());

        // the outbox rows the first release had not relayed reach the projection, which had events 1 to 4
        await().atMost(WAIT).untilAsserted(() -> withKey().get("/v1/ledgers/{l}/accounts/{c}", LEDGER, "cash")
                .then().statusCode(200).body("balance", equalTo("115.50")));
        withKey().get("/v1/ledgers/{l}/accounts/{c}", LEDGER, "revenue").then().statusCode(200)
                .body("balance", equalTo("90.00"));
        withKey().get("/v1/ledgers/{l}/accounts/{c}", LEDGER, "payable").then().statusCode(200)
                .body("balance", equalTo("25.50"));

        // a new write after the upgrade continues the sequence and the chain
        String transaction = withKey().contentType(ContentType.JSON)
                .body(LedgerApi.transfer("after-upgrade-1", "cash", "revenue", "4.50"))
                .post("/v1/ledgers/{l}/transactions", LEDGER)
                .then().statusCode(201).body("ledger_sequence", equalTo(7)).extract().path("transaction_id");
        await().atMost(WAIT).untilAsserted(() -> withKey().get("/v1/ledgers/{l}/accounts/{c}", LEDGER, "cash")
                .then().statusCode(200).body("balance", equalTo("120.00")));
        withKey().get("/v1/ledgers/{l}/verify", LEDGER).then().statusCode(200)
                .body("verified", equalTo(true)).body("last_sequence", equalTo(7));

        // the old endpoint: the delivery that was due, the two relayed events and the new one, all signed with the
        // secret the tenant was given before the upgrade
        await().atMost(WAIT).until(() -> receivedIds().containsAll(Set.of(DUE_MESSAGE, EVENT_5, EVENT_6))
                && newTransactionDelivered(transaction));
        Webhook original = new Webhook(WEBHOOK_SECRET);
        for (LoopbackReceiver.Request request : receiver.requests()) {
            assertDoesNotThrow(() -> original.verify(request.body(), request.headers()), request.webhookId());
        }
    }

    private static Set<String> receivedIds() {
        return receiver.requests().stream().map(LoopbackReceiver.Request::webhookId).collect(Collectors.toSet());
    }

    private static boolean newTransactionDelivered(String transaction) {
        return receiver.requests().stream()
                .anyMatch(request -> transaction.equals(new JsonPath(request.body()).getString("data.data.transaction_id")));
    }

    private static RequestSpecification gateway() {
        return given().baseUri(stack.gatewayUrl());
    }

    private static RequestSpecification withKey() {
        return gateway().auth().oauth2(API_KEY);
    }

    private static Path migrations(SchemaService service) {
        return ROOT.resolve(service.service).resolve("src/main/resources/db/migration");
    }

    private static int latestMigration(SchemaService service) throws IOException {
        try (Stream<Path> files = Files.list(migrations(service))) {
            return files.map(file -> MIGRATION.matcher(file.getFileName().toString())).filter(Matcher::matches)
                    .map(match -> Integer.parseInt(match.group(1))).max(Comparator.naturalOrder()).orElseThrow();
        }
    }

    /** The service's own first-release rows, one tenant's (see the class comment). */
    private static String firstReleaseRows(SchemaService service) throws IOException {
        String rows = Files.readString(ROOT.resolve(service.service).resolve("src/test/resources/upgrade/from-v1.sql"));
        Map<String, String> replacements = new LinkedHashMap<>(ONE_TENANT);
        replacements.put(OLD_WEBHOOK_URL, receiver.url());
        for (Map.Entry<String, String> replacement : replacements.entrySet()) {
            rows = rows.replace(replacement.getKey(), replacement.getValue());
        }
        return rows;
    }
}
