package io.laas.ledger;

import static io.laas.local.testing.ManagementInterface.management;
import static io.laas.ledger.LedgerFixtures.REGISTRY_TOPIC;
import static io.restassured.RestAssured.given;
import static io.laas.ledger.LedgerFixtures.awaitRecords;
import static io.laas.ledger.LedgerFixtures.count;
import static io.laas.ledger.LedgerFixtures.ledgerCreated;
import static io.laas.ledger.LedgerFixtures.produce;
import static io.laas.ledger.LedgerFixtures.rows;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.laas.local.testing.DatabaseOutage;
import io.laas.local.testing.LocalInfraTestResource;
import io.laas.tenancy.LedgerScope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class LedgerRegistryConsumerTest {

    @Inject
    @ReactiveDataSource(LedgerScope.BATCH_DATASOURCE)
    Pool pool;

    @Test
    void ledgerCreatedRecordCreatesTheLedgerWithSequenceZero() {
        UUID ledger = UUID.randomUUID();
        JsonObject event = ledgerCreated(ledger, "EUR");
        produce(REGISTRY_TOPIC, ledger.toString(), event.getString("event_id"), "ledger.created", event.encode());

        await().atMost(Duration.ofSeconds(60))
                .until(() -> count(pool, "SELECT count(*) FROM ledgers WHERE id = $1", ledger) == 1);
        Row row = rows(pool, "SELECT * FROM ledgers WHERE id = $1", ledger).iterator().next();
        assertEquals(event.getString("org_id"), row.getUUID("org_id").toString());
        assertEquals(event.getString("project_id"), row.getUUID("project_id").toString());
        assertEquals(event.getString("code"), row.getString("code"));
        assertEquals("Test ledger", row.getString("name"));
        assertEquals("EUR", row.getString("currency"));
        assertEquals(0L, row.getLong("last_sequence"));
    }

    @Test
    void redeliveredLedgerCreatedIsHarmlessAndKeepsTheSequence() {
        UUID ledger = LedgerFixtures.ledger(pool, "USD");
        LedgerFixtures.createAccount(ledger, "cash", "asset");
        JsonObject again = ledgerCreated(ledger, "USD").put("name", "Renamed");
        produce(REGISTRY_TOPIC, ledger.toString(), again.getString("event_id"), "ledger.created", again.encode());
        UUID marker = LedgerFixtures.ledger(pool, "USD", ledger.toString());

        Row row = rows(pool, "SELECT name, last_sequence FROM ledgers WHERE id = $1", ledger).iterator().next();
        assertEquals("Test ledger", row.getString("name"));
        assertEquals(1L, row.getLong("last_sequence"));
        assertEquals(1L, count(pool, "SELECT count(*) FROM ledgers WHERE id = $1", marker));
    }

    @Test
    void otherRegistryEventTypesAreIgnored() {
        UUID ledger = UUID.randomUUID();
        JsonObject event = ledgerCreated(ledger, "USD").put("event_type", "ledger.renamed");
        produce(REGISTRY_TOPIC, ledger.toString(), event.getString("event_id"), "ledger.renamed", event.encode());
        UUID marker = LedgerFixtures.ledger(pool, "USD", ledger.toString());

        assertEquals(1L, count(pool, "SELECT count(*) FROM ledgers WHERE id = $1", marker));
        assertEquals(0L, count(pool, "SELECT count(*) FROM ledgers WHERE id = $1", ledger));
    }

    /**
     * The channel lets a record wait for the database as long as it takes: its commit strategy never times a
     * waiting record out (the projector's DatabaseOutageTest shows that this setting outlives an outage of more
     * than a minute). Here a shorter outage shows the consumer resuming by itself.
     */
    @Test
    void ledgerCreatedDuringADatabaseOutageIsStoredOnceTheDatabaseIsBackWithoutARestart() throws Exception {
        assertEquals("throttled", config("mp.messaging.incoming.ledger-registry.commit-strategy"));
        assertEquals("0", config("mp.messaging.incoming.ledger-registry.throttled.unprocessed-record-max-age.ms"));
        UUID ledger = UUID.randomUUID();
        JsonObject event = ledgerCreated(ledger, "GBP");

        try (DatabaseOutage outage = DatabaseOutage.begin(config("laas.db.host"),
                Integer.parseInt(config("laas.db.port")), config("laas.db.name"), config("laas.db.username"),
                config("laas.db.batch-username"))) {
            produce(REGISTRY_TOPIC, ledger.toString(), event.getString("event_id"), "ledger.created", event.encode());
            Thread.sleep(8000);
            management().get("/q/health/live").then().statusCode(200);
        }

        await().atMost(Duration.ofSeconds(60))
                .until(() -> count(pool, "SELECT count(*) FROM ledgers WHERE id = $1", ledger) == 1);
        assertEquals("GBP", rows(pool, "SELECT currency FROM ledgers WHERE id = $1", ledger).iterator().next()
                .getString(0));
        UUID next = LedgerFixtures.ledger(pool, "USD");
        assertEquals(1L, count(pool, "SELECT count(*) FROM ledgers WHERE id = $1", next));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> management().get("/q/health/ready").then().statusCode(200));
    }

    private static String config(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }

    @Test
    void poisonRecordGoesToTheDeadLetterTopicAndDoesNotBlockTheNextOne() {
        String key = "poison-" + UUID.randomUUID();
        produce(REGISTRY_TOPIC, key, UUID.randomUUID().toString(), "ledger.created", "{not json");
        UUID ledger = UUID.randomUUID();
        JsonObject missingCurrency = ledgerCreated(ledger, "USD");
        missingCurrency.remove("currency");
        produce(REGISTRY_TOPIC, ledger.toString(), missingCurrency.getString("event_id"), "ledger.created",
                missingCurrency.encode());

        UUID next = LedgerFixtures.ledger(pool, "USD", ledger.toString());

        List<ConsumerRecord<String, String>> dead = awaitRecords(REGISTRY_TOPIC + ".dlq.ledger-command-service",
                r -> key.equals(r.key()) || ledger.toString().equals(r.key()), 2);
        assertEquals(2, dead.size());
        assertEquals(0L, count(pool, "SELECT count(*) FROM ledgers WHERE id = $1", ledger));
        assertEquals(1L, count(pool, "SELECT count(*) FROM ledgers WHERE id = $1", next));
    }
}
